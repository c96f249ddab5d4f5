import { COMMITTED_MODEL, trainingUtterances, type CommittedModel } from './committed-model';
import { INTENTS, type Intent } from './intents';
import { LinearModel } from './linear-model';
import type { ClassifyContext, IntentClassifier, IntentPrediction } from './ports';
import { DEFAULT_FEATURES, featureIds, featureIdsOfAll, normalizeText, type FeatureOptions } from './text';

/**
 * The offline Korean intent engine: character n-grams (syllable 2–3-grams over the text without
 * spaces, whole words, jamo 3-grams for typos), hashed to 32-bit ids, into a multinomial logistic
 * regression. No network and no downloaded weights: the model is trained from `intent-examples.json`
 * (train split only) by `npm run --silent aicc -- nlu-train` and committed as `intent-model.json`
 * (see committed-model.ts); a unit test fails when the examples changed without retraining.
 */

/** Coverage at or above which the probability is taken as is; below it, confidence shrinks. */
const FULL_COVERAGE = 0.75;

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

  constructor(
    private readonly model: LinearModel,
    private readonly features: FeatureOptions = DEFAULT_FEATURES,
  ) {}

  /** The committed model (weights rebuilt from its training utterances: a few milliseconds). */
  static load(saved: CommittedModel = COMMITTED_MODEL): OfflineIntentClassifier {
    if (saved.intents.join(',') !== INTENTS.join(',')) {
      throw new Error('intent-model.json was trained for other intents: run `npm run --silent aicc -- nlu-train`');
    }
    const examples = featureIdsOfAll(trainingUtterances(saved), saved.features);
    return new OfflineIntentClassifier(LinearModel.deserialize(saved.model, examples), saved.features);
  }

  analyze(text: string): OfflineAnalysis {
    const { probabilities, coverage } = this.model.predict(featureIds(normalizeText(text), this.features));
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
