import { createInterface } from 'node:readline';

/** Reads stdin line by line (UTF-8), skipping blank lines; for the `nlu`/`faq` filters. */
export const forEachInputLine = async (onLine: (line: string) => void | Promise<void>): Promise<void> => {
  process.stdin.setEncoding('utf8');
  const reader = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const raw of reader) {
    const line = raw.replace(/^\uFEFF/, '').trim();
    if (line.length > 0) await onLine(line);
  }
};
