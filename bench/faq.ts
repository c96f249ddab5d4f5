import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEED_FAQS } from '@domain/faq/faq';
import { buildFaqMatcher } from '@domain/faq/faq-catalog';
import type { Row } from './lib';

interface HeldOut {
  readonly inDomain: readonly (readonly [string, string])[];
  readonly outOfDomain: readonly string[];
}

/**
 * FAQ retrieval on a held-out query set (bench/faq-heldout.json): top-1 accuracy on questions the
 * FAQ answers, rejection rate on messages it must not answer, and the wrong answers listed.
 */
export const runFaqBench = async (): Promise<Row[]> => {
  const data = JSON.parse(readFileSync(join(__dirname, 'faq-heldout.json'), 'utf8')) as HeldOut;
  const matcher = buildFaqMatcher(SEED_FAQS);
  let top1 = 0;
  let answered = 0;
  const misses: string[] = [];
  for (const [query, expected] of data.inDomain) {
    const got = matcher.match(query)?.entry.faqId;
    if (got) answered++;
    if (got === expected) top1++;
    else misses.push(`${query} → ${got ?? '(none)'}`);
  }
  let rejected = 0;
  for (const query of data.outOfDomain) {
    const got = matcher.match(query)?.entry.faqId;
    if (!got) rejected++;
    else misses.push(`[OOD] ${query} → ${got}`);
  }
  const pct = (n: number, d: number) => Math.round((1000 * n) / d) / 10;
  const rows: Row[] = [
    { figure: 'faq.top1AccuracyPct', value: pct(top1, data.inDomain.length), n: data.inDomain.length },
    { figure: 'faq.answeredPct (in-domain)', value: pct(answered, data.inDomain.length), n: data.inDomain.length },
    { figure: 'faq.wrongAnswers (in-domain)', value: answered - top1, n: data.inDomain.length },
    { figure: 'faq.outOfDomainRejectedPct', value: pct(rejected, data.outOfDomain.length), n: data.outOfDomain.length },
    { figure: 'faq.overallCorrectPct', value: pct(top1 + rejected, data.inDomain.length + data.outOfDomain.length), n: data.inDomain.length + data.outOfDomain.length },
  ];
  for (const miss of misses) rows.push({ figure: 'miss', value: miss, n: '' });
  return rows;
};
