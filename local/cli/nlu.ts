import { offlineClassifier } from '@domain/nlu/offline-classifier';
import { forEachInputLine } from './lines';

export const usage = 'nlu                              classify stdin lines with the offline engine → {"text","intent","confidence"}';

/** One JSON line per input line, nothing else on stdout (diagnostics go to stderr). */
export const run = async (_argv: string[]): Promise<number> => {
  const engine = offlineClassifier();
  await forEachInputLine((text) => {
    const { intent, confidence } = engine.analyze(text);
    process.stdout.write(`${JSON.stringify({ text, intent, confidence })}\n`);
  });
  return 0;
};
