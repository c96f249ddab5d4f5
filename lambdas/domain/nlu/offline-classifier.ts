import examples from './intent-examples.json';
import committed from './intent-model.json';
import { INTENTS, type Intent } from './intents';
import { DEFAULT_TRAIN_OPTIONS, LinearModel, type SerializedLinearModel, type TrainOptions } from './linear-model';
import type { ClassifyContext, IntentClassifier, IntentPrediction } from './ports';
import { DEFAULT_FEATURES, extractFeatures, FEATURE_VERSION, normalizeText, type FeatureOptions } from './text';

/**
 * The offline Korean intent engine: character n-grams (syllable 2–3-grams over the text without
 * spaces, whole words, jamo 3-grams for typos) into a multinomial logistic regression.
 * No network and no downloaded weights: the model is trained from `intent-examples.json`
 * (train split only) by `npm run --silent aicc -- nlu-train`, committed as `intent-model.json`
 * with a fingerprint of its training data; if the fingerprint does not match the examples (someone
 * edited them without retraining), the model is trained at load time instead, so it is never stale.
 */
export interface IntentExampleSet {
  readonly intents: Readonly<Record<Intent, { readonly train: readonly string[]; readonly heldOut: readonly string[] }>>;
}

export const INTENT_EXAMPLES = examples as unknown as IntentExampleSet;

export interface CommittedModel {
  readonly fingerprint: string;
  readonly intents: readonly string[];
  readonly features: FeatureOptions;
  readonly training: TrainOptions;
  readonly model: SerializedLinearModel;
}

/** Coverage at or above which the probability is taken as is; below it, confidence shrinks. */
const FULL_COVERAGE = 0.75;

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

export const trainIntentModel = (
  set: IntentExampleSet = INTENT_EXAMPLES,
  features: FeatureOptions = DEFAULT_FEATURES,
  training: TrainOptions = DEFAULT_TRAIN_OPTIONS,
): LinearModel =>
  LinearModel.train(
    INTENTS.flatMap((intent, label) => set.intents[intent].train.map((u) => ({ features: extractFeatures(normalizeText(u), features), label }))),
    INTENTS.length,
    training,
  );

export const buildCommittedModel = (set: IntentExampleSet = INTENT_EXAMPLES): CommittedModel => ({
  fingerprint: fingerprintOf(set, DEFAULT_FEATURES, DEFAULT_TRAIN_OPTIONS),
  intents: [...INTENTS],
  features: DEFAULT_FEATURES,
  training: DEFAULT_TRAIN_OPTIONS,
  model: trainIntentModel(set).serialize(),
});

export interface Scored {
  readonly intent: Intent;
  readonly probability: number;
}

export interface OfflineAnalysis {
  readonly intent: Intent;
  readonly confidence: number;
  /** Softmax probability before the coverage adjustment */
  readonly probability: number;
  /** Share of the utterance's features seen in training */
  readonly coverage: number;
  readonly ranking: readonly Scored[];
}

export class OfflineIntentClassifier implements IntentClassifier {
  readonly name = 'offline' as const;
  /** Whether the committed model was used (false: trained at load because the data changed) */
  readonly fromCommittedModel: boolean;

  constructor(
    private readonly model: LinearModel,
    private readonly features: FeatureOptions = DEFAULT_FEATURES,
    fromCommittedModel = false,
  ) {
    this.fromCommittedModel = fromCommittedModel;
  }

  /** The committed model when it matches the examples, otherwise one trained now. */
  static load(): OfflineIntentClassifier {
    const saved = committed as unknown as CommittedModel;
    const expected = fingerprintOf(INTENT_EXAMPLES, DEFAULT_FEATURES, DEFAULT_TRAIN_OPTIONS);
    if (saved.fingerprint === expected && saved.intents.join(',') === INTENTS.join(',')) {
      return new OfflineIntentClassifier(LinearModel.deserialize(saved.model), DEFAULT_FEATURES, true);
    }
    return new OfflineIntentClassifier(trainIntentModel(), DEFAULT_FEATURES, false);
  }

  analyze(text: string): OfflineAnalysis {
    const { probabilities, coverage } = this.model.predict(extractFeatures(normalizeText(text), this.features));
    const ranking = INTENTS.map((intent, i) => ({ intent, probability: probabilities[i] ?? 0 })).sort((a, b) => b.probability - a.probability);
    const top = ranking[0] ?? { intent: 'general_inquiry' as Intent, probability: 0 };
    const confidence = top.probability * Math.min(1, coverage / FULL_COVERAGE);
    return { intent: top.intent, confidence: round(confidence), probability: round(top.probability), coverage: round(coverage), ranking };
  }

  async classify(text: string, _context?: ClassifyContext): Promise<IntentPrediction> {
    const { intent, confidence } = this.analyze(text);
    return { intent, confidence, source: 'offline' };
  }
}

const round = (n: number): number => Math.round(n * 1000) / 1000;

let shared: OfflineIntentClassifier | undefined;
/** One engine per process (Lambda container, CLI, local runtime). */
export const offlineClassifier = (): OfflineIntentClassifier => (shared ??= OfflineIntentClassifier.load());
