import committed from './intent-model.json';
import type { SerializedLinearModel } from './linear-model';
import type { FeatureOptions } from './text';
import type { TrainOptions } from './training';

/**
 * `intent-model.json`, written by `npm run --silent aicc -- nlu-train` from the train split of
 * `intent-examples.json` (which the Lambdas do not bundle): the normalised training utterances and,
 * per utterance, its int8 weight update (see linear-model.ts). The fingerprint identifies the examples
 * and options it was trained from; a unit test fails when it no longer matches them.
 */
export interface CommittedModel {
  readonly fingerprint: string;
  readonly intents: readonly string[];
  readonly features: FeatureOptions;
  readonly training: TrainOptions;
  /** The train split, normalised, one utterance per line, in the order of `model.updates` */
  readonly utterances: string;
  readonly model: SerializedLinearModel;
}

export const COMMITTED_MODEL = committed as unknown as CommittedModel;

/**
 * The customer utterances the intent model was trained on (normalised): the FAQ matcher also uses
 * them as background speech.
 */
export const trainingUtterances = (model: CommittedModel = COMMITTED_MODEL): string[] => model.utterances.split('\n');
