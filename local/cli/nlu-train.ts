import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCommittedModel } from '@domain/nlu/training';

export const usage = 'nlu-train                        retrain the offline intent model from intent-examples.json (train split)';

const MODEL_PATH = join(__dirname, '../../lambdas/domain/nlu/intent-model.json');

/** Rebuilds `lambdas/domain/nlu/intent-model.json`; commit it with the examples it was trained on. */
export const run = async (_argv: string[]): Promise<number> => {
  const started = performance.now();
  const model = buildCommittedModel();
  writeFileSync(MODEL_PATH, `${JSON.stringify(model, null, 2)}\n`);
  console.error(
    `trained intent model ${model.fingerprint} (${model.model.vocabulary} features, ${model.utterances.split('\n').length} utterances) in ${Math.round(performance.now() - started)} ms → ${MODEL_PATH}`,
  );
  return 0;
};
