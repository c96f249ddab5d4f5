/**
 * Offline NLU figures: held-out accuracy (overall and per intent), how often the bot would ask
 * instead of act, model load time and classify latency. Prints figures; asserts nothing.
 *   npx tsx bench/nlu.ts
 */
import { performance } from 'node:perf_hooks';

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

export const runNluBench = async (): Promise<Record<string, number>> => {
  const loadStart = performance.now();
  // What a Lambda imports; the training module (and the example data) only for the figures below.
  const { OfflineIntentClassifier } = await import('@domain/nlu/offline-classifier');
  const importMs = performance.now() - loadStart;
  const modelStart = performance.now();
  const engine = OfflineIntentClassifier.load();
  const modelLoadMs = performance.now() - modelStart;
  const { INTENTS } = await import('@domain/nlu/intents');
  const { thresholdFor } = await import('@domain/nlu/thresholds');
  const { COMMITTED_MODEL } = await import('@domain/nlu/committed-model');
  const { DEFAULT_FEATURES } = await import('@domain/nlu/text');
  const { DEFAULT_TRAIN_OPTIONS, fingerprintOf, INTENT_EXAMPLES, trainIntentModel } = await import('@domain/nlu/training');

  const trainStart = performance.now();
  trainIntentModel();
  const trainMs = performance.now() - trainStart;

  const figures: Record<string, number> = {
    'nlu.committedModelCurrent': COMMITTED_MODEL.fingerprint === fingerprintOf(INTENT_EXAMPLES, DEFAULT_FEATURES, DEFAULT_TRAIN_OPTIONS) ? 1 : 0,
    'nlu.vocabulary': COMMITTED_MODEL.model.vocabulary,
    'nlu.importMs': round(importMs),
    'nlu.loadMs': round(modelLoadMs),
    'nlu.trainMs': round(trainMs),
  };
  let correct = 0;
  let total = 0;
  let acted = 0;
  let actedCorrect = 0;
  for (const intent of INTENTS) {
    const heldOut = INTENT_EXAMPLES.intents[intent].heldOut;
    let ok = 0;
    for (const text of heldOut) {
      const result = engine.analyze(text);
      const right = result.intent === intent;
      if (right) ok++;
      if (result.confidence >= thresholdFor(result.intent)) {
        acted++;
        if (right) actedCorrect++;
      }
    }
    figures[`nlu.heldOut.${intent}`] = round(ok / heldOut.length);
    correct += ok;
    total += heldOut.length;
  }
  figures['nlu.heldOut.accuracy'] = round(correct / total);
  figures['nlu.heldOut.count'] = total;
  figures['nlu.heldOut.actRate'] = round(acted / total);
  figures['nlu.heldOut.precisionWhenActing'] = round(actedCorrect / Math.max(acted, 1));

  const texts = INTENTS.flatMap((i) => INTENT_EXAMPLES.intents[i].heldOut);
  for (const t of texts) engine.analyze(t); // warm up
  const samples: number[] = [];
  for (let round = 0; round < 5; round++) {
    for (const t of texts) {
      const s = performance.now();
      engine.analyze(t);
      samples.push(performance.now() - s);
    }
  }
  samples.sort((a, b) => a - b);
  figures['nlu.classifyP50Ms'] = round(percentile(samples, 0.5), 4);
  figures['nlu.classifyP99Ms'] = round(percentile(samples, 0.99), 4);
  return figures;
};

const round = (n: number, digits = 3): number => Number(n.toFixed(digits));

if (require.main === module) {
  runNluBench().then(
    (figures) => {
      for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(40)} ${v}`);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
