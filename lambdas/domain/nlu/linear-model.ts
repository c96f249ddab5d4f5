/**
 * Multinomial logistic regression over sparse binary features, trained by seeded SGD with L2
 * regularisation. Deterministic (same data and options give the same weights) and small enough
 * to train when the module loads. Outputs softmax probabilities.
 */
export interface TrainingExample {
  readonly features: ReadonlySet<string>;
  readonly label: number;
}

export interface TrainOptions {
  readonly epochs: number;
  readonly learningRate: number;
  readonly l2: number;
  readonly seed: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { epochs: 15, learningRate: 2, l2: 0, seed: 20261124 };

/** mulberry32: tiny seeded PRNG so shuffles are reproducible. */
const prng = (seed: number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** Probability of the right class above which an example no longer moves the weights. */
const SKIP_ABOVE = 0.995;

export class LinearModel {
  private constructor(
    readonly classes: number,
    private readonly vocabulary: ReadonlyMap<string, number>,
    /** row-major: feature index × classes */
    private readonly weights: Float64Array,
    private readonly bias: Float64Array,
  ) {}

  static train(examples: readonly TrainingExample[], classes: number, options: TrainOptions = DEFAULT_TRAIN_OPTIONS): LinearModel {
    const vocabulary = new Map<string, number>();
    const encoded = examples.map((e) => {
      const indices: number[] = [];
      for (const f of e.features) {
        let index = vocabulary.get(f);
        if (index === undefined) {
          index = vocabulary.size;
          vocabulary.set(f, index);
        }
        indices.push(index);
      }
      return { indices: Int32Array.from(indices), label: e.label, scale: indices.length > 0 ? 1 / Math.sqrt(indices.length) : 0 };
    });
    const weights = new Float64Array(vocabulary.size * classes);
    const bias = new Float64Array(classes);
    const order = encoded.map((_, i) => i);
    const random = prng(options.seed);
    const scores = new Float64Array(classes);
    let step = 0;
    const total = options.epochs * encoded.length;
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
      }
      for (const k of order) {
        const example = encoded[k];
        if (!example) continue;
        // Linearly decaying learning rate: large steps first, fine adjustment at the end.
        const lr = options.learningRate * (1 - step / total) + 1e-3;
        step++;
        LinearModel.#scores(weights, bias, classes, example.indices, example.scale, scores);
        softmaxInPlace(scores);
        // Already learnt with a wide margin: the gradient is negligible, skip the update.
        if ((scores[example.label] ?? 0) > SKIP_ABOVE) continue;
        const decay = 1 - lr * options.l2;
        for (let c = 0; c < classes; c++) {
          const gradient = (scores[c] ?? 0) - (c === example.label ? 1 : 0);
          if (Math.abs(gradient) < 1e-4) continue;
          bias[c] = (bias[c] ?? 0) - lr * gradient;
          const g = lr * gradient * example.scale;
          for (const f of example.indices) {
            const w = f * classes + c;
            weights[w] = (weights[w] ?? 0) * decay - g;
          }
        }
      }
    }
    return new LinearModel(classes, vocabulary, weights, bias);
  }

  static #scores(weights: Float64Array, bias: Float64Array, classes: number, indices: Int32Array, scale: number, out: Float64Array): void {
    for (let c = 0; c < classes; c++) out[c] = bias[c] ?? 0;
    for (const f of indices) {
      const base = f * classes;
      for (let c = 0; c < classes; c++) out[c] = (out[c] ?? 0) + (weights[base + c] ?? 0) * scale;
    }
  }

  /** Softmax probabilities per class, and the share of the input's features the model has seen. */
  predict(features: ReadonlySet<string>): { probabilities: Float64Array; coverage: number } {
    const known: number[] = [];
    for (const f of features) {
      const index = this.vocabulary.get(f);
      if (index !== undefined) known.push(index);
    }
    const scores = new Float64Array(this.classes);
    // Scale by the full feature count: unseen features dilute the evidence instead of vanishing.
    const scale = features.size > 0 ? 1 / Math.sqrt(features.size) : 0;
    LinearModel.#scores(this.weights, this.bias, this.classes, Int32Array.from(known), scale, scores);
    softmaxInPlace(scores);
    return { probabilities: scores, coverage: features.size > 0 ? known.length / features.size : 0 };
  }

  get vocabularySize(): number {
    return this.vocabulary.size;
  }

  /**
   * Compact form for committing a trained model: features joined by `\n`, weights quantised to
   * int8 per feature row (row scale as an int8 exponent), base64. About 1/6 of the JSON-number size, and
   * decoding takes a few milliseconds.
   */
  serialize(): SerializedLinearModel {
    const features = [...this.vocabulary.keys()];
    const quantized = new Int8Array(features.length * this.classes);
    const exponents = new Int8Array(features.length);
    for (let f = 0; f < features.length; f++) {
      let max = 0;
      for (let c = 0; c < this.classes; c++) max = Math.max(max, Math.abs(this.weights[f * this.classes + c] ?? 0));
      // Row scale as a power of 2^(1/8), rounded up so every weight fits in ±127.
      const exponent = max > 0 ? Math.max(-128, Math.min(127, Math.ceil(8 * Math.log2(max / 127)))) : -128;
      exponents[f] = exponent;
      const scale = 2 ** (exponent / 8);
      for (let c = 0; c < this.classes; c++) quantized[f * this.classes + c] = Math.max(-127, Math.min(127, Math.round((this.weights[f * this.classes + c] ?? 0) / scale)));
    }
    return {
      classes: this.classes,
      features: features.join('\n'),
      scales: Buffer.from(exponents.buffer).toString('base64'),
      weights: Buffer.from(quantized.buffer).toString('base64'),
      bias: [...this.bias].map((b) => Number(b.toPrecision(6))),
    };
  }

  static deserialize(model: SerializedLinearModel): LinearModel {
    const features = model.features.length > 0 ? model.features.split('\n') : [];
    const bytes = Buffer.from(model.weights, 'base64');
    const quantized = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const scaleBytes = Buffer.from(model.scales, 'base64');
    const exponents = new Int8Array(scaleBytes.buffer, scaleBytes.byteOffset, scaleBytes.byteLength);
    if (quantized.length !== features.length * model.classes || exponents.length !== features.length) {
      throw new RangeError('serialized model is inconsistent');
    }
    const weights = new Float64Array(quantized.length);
    for (let f = 0; f < features.length; f++) {
      const scale = 2 ** ((exponents[f] ?? -128) / 8);
      for (let c = 0; c < model.classes; c++) weights[f * model.classes + c] = (quantized[f * model.classes + c] ?? 0) * scale;
    }
    const vocabulary = new Map(features.map((f, i) => [f, i]));
    return new LinearModel(model.classes, vocabulary, weights, Float64Array.from(model.bias));
  }
}

export interface SerializedLinearModel {
  readonly classes: number;
  readonly features: string;
  /** Per-feature row scale exponents (int8, scale = 2^(e/8)), base64 */
  readonly scales: string;
  readonly weights: string;
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
