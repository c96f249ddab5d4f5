import { createInterface } from 'node:readline';
import { detectCommand, detectCrisis } from '@domain/coaching/detectors';

export const usage = 'safety   read lines on stdin, print {"text","crisis","end","reset"} per line (the coaching bot\'s own detectors)';

/** Classifies one line exactly as the coaching bot does. */
export const classify = (text: string) => {
  const command = detectCommand(text);
  return { text, crisis: detectCrisis(text).crisis, end: command === 'end', reset: command === 'reset' };
};

export const run = async (_argv: string[]): Promise<number> => {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    process.stdout.write(`${JSON.stringify(classify(line))}\n`);
  }
  return 0;
};
