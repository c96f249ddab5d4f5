import examples from './intent-examples.json';
import type { CommittedModel } from './committed-model';
import { INTENTS } from './intents';
import { indexExamples, LinearModel, softmaxInPlace, type IndexedExamples, type SerializedLinearModel } from './linear-model';
import { DEFAULT_FEATURES, FEATURE_VERSION, featureIdsOfAll, normalizeText, type FeatureOptions, type Ragged } from './text';

/**
 * Training the offline intent engine, for `npm run --silent aicc -- nlu-train`, the bench and the
 * tests. No Lambda imports this module (nor `intent-examples.json`): they load the committed
 * `intent-model.json`, and a unit test fails when it is older than the examples.
 */
export interface IntentExampleSet {
  readonly intents: Readonly<Record<(typeof INTENTS)[number], { readonly train: readonly string[]; readonly heldOut: readonly string[] }>>;
}

export const INTENT_EXAMPLES = examples as unknown as IntentExampleSet;

/**
 * Seeded SGD with a linearly decaying learning rate. No weight decay (L2): with it a weight would no
 * longer be the sum of its examples' updates, which is how the model is committed (linear-model.ts).
 */
export interface TrainOptions {
  readonly epochs: number;
  readonly learningRate: number;
  readonly seed: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { epochs: 15, learningRate: 2, seed: 20261124 };

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

export interface TrainedUpdates {
  /** Per example (in input order), the sum of the updates SGD applied to each of its features: examples × classes */
  readonly updates: Float64Array;
  readonly bias: Float64Array;
}

export interface TrainedModel extends TrainedUpdates {
  readonly model: LinearModel;
  readonly indexed: IndexedExamples;
  /** The weights SGD ended with (feature row × classes): what `model` rebuilds from `updates` */
  readonly weights: Float64Array;
}

/**
 * Multinomial logistic regression by SGD over the examples' features (item i: feature ids of
 * example i, repeats ignored). Deterministic: same data and options, same updates.
 */
export const trainLinearModel = (
  features: Ragged,
  labels: readonly number[],
  classes: number,
  options: TrainOptions = DEFAULT_TRAIN_OPTIONS,
): TrainedModel => {
  const indexed = indexExamples(features);
  const encoded = labels.map((label, i) => {
    const rows = indexed.rows.values.subarray(indexed.rows.starts[i], indexed.rows.starts[i + 1]);
    return { rows, label, scale: rows.length > 0 ? 1 / Math.sqrt(rows.length) : 0 };
  });
  const weights = new Float64Array(indexed.index.size * classes);
  const updates = new Float64Array(encoded.length * classes);
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
      for (let c = 0; c < classes; c++) scores[c] = bias[c] ?? 0;
      for (const f of example.rows) {
        for (let c = 0; c < classes; c++) scores[c] = (scores[c] ?? 0) + (weights[f * classes + c] ?? 0) * example.scale;
      }
      softmaxInPlace(scores);
      // Already learnt with a wide margin: the gradient is negligible, skip the update.
      if ((scores[example.label] ?? 0) > SKIP_ABOVE) continue;
      for (let c = 0; c < classes; c++) {
        const gradient = (scores[c] ?? 0) - (c === example.label ? 1 : 0);
        if (Math.abs(gradient) < 1e-4) continue;
        bias[c] = (bias[c] ?? 0) - lr * gradient;
        const g = lr * gradient * example.scale;
        updates[k * classes + c] = (updates[k * classes + c] ?? 0) - g;
        for (const f of example.rows) weights[f * classes + c] = (weights[f * classes + c] ?? 0) - g;
      }
    }
  }
  return { updates, bias, weights, indexed, model: new LinearModel(classes, indexed, updates, bias) };
};

/** Quantises update rows to int8 with a per-row scale 2^(e/8), e an int8 rounded up so every value fits in ±127. */
export const encodeUpdates = (trained: TrainedUpdates, classes: number, vocabulary: number): SerializedLinearModel => {
  const rows = trained.updates.length / classes;
  const quantized = new Int8Array(trained.updates.length);
  const exponents = new Int8Array(rows);
  for (let e = 0; e < rows; e++) {
    let max = 0;
    for (let c = 0; c < classes; c++) max = Math.max(max, Math.abs(trained.updates[e * classes + c] ?? 0));
    const exponent = max > 0 ? Math.max(-128, Math.min(127, Math.ceil(8 * Math.log2(max / 127)))) : -128;
    exponents[e] = exponent;
    const scale = 2 ** (exponent / 8);
    for (let c = 0; c < classes; c++) quantized[e * classes + c] = Math.max(-127, Math.min(127, Math.round((trained.updates[e * classes + c] ?? 0) / scale)));
  }
  return {
    classes,
    vocabulary,
    updates: Buffer.from(quantized.buffer).toString('base64'),
    scales: Buffer.from(exponents.buffer).toString('base64'),
    bias: [...trained.bias].map((b) => Number(b.toPrecision(6))),
  };
};

/** FNV-1a 32-bit: identifies the training data + options the committed model was built from. */
export const fingerprintOf = (set: IntentExampleSet, features: FeatureOptions, training: TrainOptions): string => {
  const text = JSON.stringify({ intents: INTENTS.map((i) => [i, set.intents[i].train]), features, training, version: FEATURE_VERSION });
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
};

/** The train split, normalised, in training order (intent by intent). */
export const trainingUtterancesOf = (set: IntentExampleSet): string[] => INTENTS.flatMap((intent) => set.intents[intent].train.map(normalizeText));

/** Trains on the train split: the model, and what it was built from. */
export const trainIntents = (
  set: IntentExampleSet = INTENT_EXAMPLES,
  features: FeatureOptions = DEFAULT_FEATURES,
  training: TrainOptions = DEFAULT_TRAIN_OPTIONS,
): TrainedModel => {
  const labels = INTENTS.flatMap((intent, label) => set.intents[intent].train.map(() => label));
  return trainLinearModel(featureIdsOfAll(trainingUtterancesOf(set), features), labels, INTENTS.length, training);
};

/** A model trained now, unquantised. */
export const trainIntentModel = (
  set: IntentExampleSet = INTENT_EXAMPLES,
  features: FeatureOptions = DEFAULT_FEATURES,
  training: TrainOptions = DEFAULT_TRAIN_OPTIONS,
): LinearModel => trainIntents(set, features, training).model;

/** What `nlu-train` writes to `intent-model.json`. */
export const buildCommittedModel = (set: IntentExampleSet = INTENT_EXAMPLES): CommittedModel => {
  const trained = trainIntents(set);
  return {
    fingerprint: fingerprintOf(set, DEFAULT_FEATURES, DEFAULT_TRAIN_OPTIONS),
    intents: [...INTENTS],
    features: DEFAULT_FEATURES,
    training: DEFAULT_TRAIN_OPTIONS,
    utterances: trainingUtterancesOf(set).join('\n'),
    model: encodeUpdates(trained, INTENTS.length, trained.model.vocabularySize),
  };
};
