import type { Ragged } from './text';

/**
 * Multinomial logistic regression over sparse binary features (30-bit feature ids, see
 * `writeFeatureIds` in text.ts), softmax output. Training lives in `training.ts`, which no Lambda imports.
 *
 * Committed in dual form: SGD without weight decay only ever adds to the weights of an example's
 * features that example's update, so a feature's weight row is the sum of the updates of the
 * training examples containing it. The model file holds the training utterances (which the FAQ
 * matcher needs anyway) and one int8 update row per utterance, ~28 KB instead of ~250 KB for a
 * vocabulary and a weight matrix; the index is rebuilt from the utterances at load (~7 ms of
 * unoptimised JavaScript) and a weight row summed the first time an utterance needs it.
 */

/**
 * Open-addressing table from feature id (30-bit, see `featureHash`) to row index: typed arrays
 * of small integers, much cheaper to fill at a cold start than a `Map`.
 */
export class FeatureIndex {
  private readonly ids: Int32Array;
  /** row + 1; 0 = empty slot */
  private readonly rows: Int32Array;
  private readonly mask: number;
  private count = 0;

  constructor(readonly capacity: number) {
    let slots = 16;
    while (slots < capacity * 2) slots *= 2;
    this.ids = new Int32Array(slots);
    this.rows = new Int32Array(slots);
    this.mask = slots - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The row of `id`, or -1 when it was never added. */
  get(id: number): number {
    // Ids are hashes already: their low bits pick the slot; linear probing.
    for (let slot = id & this.mask; ; slot = (slot + 1) & this.mask) {
      const row = this.rows[slot] ?? 0;
      if (row === 0 || this.ids[slot] === id) return row - 1;
    }
  }

  /** The row of `id`, adding it as the next row if new (at most `capacity` ids). */
  add(id: number): number {
    for (let slot = id & this.mask; ; slot = (slot + 1) & this.mask) {
      const row = this.rows[slot] ?? 0;
      if (row !== 0 && this.ids[slot] === id) return row - 1;
      if (row === 0) {
        if (this.count >= this.capacity) throw new RangeError(`more than ${this.capacity} distinct features`);
        this.ids[slot] = id;
        this.rows[slot] = ++this.count;
        return this.count - 1;
      }
    }
  }
}

/**
 * Training examples against one feature index: per example its distinct feature rows (in order of
 * first appearance), and per feature row the examples that contain it, as linked lists (`first[row]`,
 * then `next[...]`, -1 ends; `example[...]` is the example of each entry).
 */
export interface IndexedExamples {
  readonly index: FeatureIndex;
  readonly rows: Ragged;
  readonly first: Int32Array;
  readonly next: Int32Array;
  readonly example: Int32Array;
}

/** Indexes the examples' feature ids (repeats within an example count once, as in a feature set). */
export const indexExamples = (examples: Ragged, capacity = examples.values.length): IndexedExamples => {
  const index = new FeatureIndex(capacity);
  const first = new Int32Array(capacity).fill(-1);
  const next = new Int32Array(examples.values.length);
  const example = new Int32Array(examples.values.length);
  const starts = new Int32Array(examples.starts.length);
  const rows = new Int32Array(examples.values.length);
  let end = 0;
  for (let e = 0; e + 1 < examples.starts.length; e++) {
    for (let i = examples.starts[e] ?? 0; i < (examples.starts[e + 1] ?? 0); i++) {
      const row = index.add(examples.values[i] ?? 0);
      const head = first[row] ?? -1;
      // Already listed for this example: a repeated feature.
      if (head >= 0 && example[head] === e) continue;
      rows[end] = row;
      example[end] = e;
      next[end] = head;
      first[row] = end++;
    }
    starts[e + 1] = end;
  }
  return { index, rows: { values: rows.subarray(0, end), starts }, first, next, example };
};

export class LinearModel {
  /** row-major: feature row × classes, each row summed on first use (see `#row`) */
  private readonly weights: Float64Array;
  private readonly summed: Uint8Array;
  private readonly bias: Float64Array;

  /**
   * The model whose feature rows are row(f) = Σ updates[e] over the examples e containing f
   * (training examples × classes). Rows are summed when first used, not here: at a cold start that
   * would be ~280,000 additions, mostly for rows no utterance will ever need.
   */
  constructor(
    readonly classes: number,
    private readonly indexed: IndexedExamples,
    private readonly updates: Float64Array,
    bias: ArrayLike<number>,
  ) {
    if (updates.length !== (indexed.rows.starts.length - 1) * classes || bias.length !== classes) {
      throw new RangeError('updates do not match the examples');
    }
    this.bias = Float64Array.from(bias);
    this.weights = new Float64Array(indexed.index.size * classes);
    this.summed = new Uint8Array(indexed.index.size);
  }

  /**
   * The committed model: `examples` are the feature ids of its training utterances, in training
   * order. Throws when they do not fit it (another feature extraction or other utterances).
   */
  static deserialize(model: SerializedLinearModel, examples: Ragged): LinearModel {
    const count = examples.starts.length - 1;
    const bytes = Buffer.from(model.updates, 'base64');
    const quantized = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const scaleBytes = Buffer.from(model.scales, 'base64');
    const exponents = new Int8Array(scaleBytes.buffer, scaleBytes.byteOffset, scaleBytes.byteLength);
    if (quantized.length !== count * model.classes || exponents.length !== count) {
      throw new RangeError('serialized model is inconsistent with its training utterances');
    }
    const updates = new Float64Array(quantized.length);
    for (let e = 0; e < count; e++) {
      const scale = 2 ** ((exponents[e] ?? -128) / 8);
      for (let c = 0; c < model.classes; c++) updates[e * model.classes + c] = (quantized[e * model.classes + c] ?? 0) * scale;
    }
    const indexed = indexExamples(examples, model.vocabulary);
    if (indexed.index.size !== model.vocabulary) throw new RangeError('serialized model is inconsistent with the feature extraction');
    return new LinearModel(model.classes, indexed, updates, model.bias);
  }

  /** Offset of feature row `row` in `weights`, summing it from its examples' updates the first time. */
  #row(row: number): number {
    const base = row * this.classes;
    if (this.summed[row] === 0) {
      const { first, next, example } = this.indexed;
      for (let entry = first[row] ?? -1; entry >= 0; entry = next[entry] ?? -1) {
        const from = (example[entry] ?? 0) * this.classes;
        for (let c = 0; c < this.classes; c++) this.weights[base + c] = (this.weights[base + c] ?? 0) + (this.updates[from + c] ?? 0);
      }
      this.summed[row] = 1;
    }
    return base;
  }

  /** Softmax probabilities per class, and the share of the input's features the model has seen. */
  predict(features: ReadonlySet<number>): { probabilities: Float64Array; coverage: number } {
    const scores = Float64Array.from(this.bias);
    // Scale by the full feature count: unseen features dilute the evidence instead of vanishing.
    const scale = features.size > 0 ? 1 / Math.sqrt(features.size) : 0;
    let known = 0;
    for (const id of features) {
      const row = this.indexed.index.get(id);
      if (row < 0) continue;
      known++;
      const base = this.#row(row);
      for (let c = 0; c < this.classes; c++) scores[c] = (scores[c] ?? 0) + (this.weights[base + c] ?? 0) * scale;
    }
    softmaxInPlace(scores);
    return { probabilities: scores, coverage: features.size > 0 ? known / features.size : 0 };
  }

  get vocabularySize(): number {
    return this.indexed.index.size;
  }
}

/**
 * Committed form: per training example, its update row quantised to int8 with the row scale as an
 * int8 exponent (scale = 2^(e/8)), both base64 (encoded by `encodeUpdates` in training.ts).
 */
export interface SerializedLinearModel {
  readonly classes: number;
  /** Distinct features over the training utterances: checked when the weights are rebuilt */
  readonly vocabulary: number;
  /** int8, training examples × classes, base64 */
  readonly updates: string;
  /** int8 row scale exponents, one per training example, base64 */
  readonly scales: string;
  readonly bias: readonly number[];
}

export const softmaxInPlace = (scores: Float64Array): void => {
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  let sum = 0;
  for (let i = 0; i < scores.length; i++) {
    const e = Math.exp((scores[i] ?? 0) - max);
    scores[i] = e;
    sum += e;
  }
  for (let i = 0; i < scores.length; i++) scores[i] = (scores[i] ?? 0) / sum;
};
