import { SEED_FAQS } from '@domain/faq/faq';
import { buildFaqMatcher } from '@domain/faq/faq-catalog';
import { forEachInputLine } from './lines';

export const usage = 'faq                              match stdin questions against the seeded FAQ → {"query","faqId","score"}';

/** One JSON line per question; `faqId` null when nothing in the FAQ answers it. */
export const run = async (_argv: string[]): Promise<number> => {
  const matcher = buildFaqMatcher(SEED_FAQS);
  await forEachInputLine((query) => {
    const best = matcher.rank(query)[0];
    const hit = matcher.match(query);
    process.stdout.write(`${JSON.stringify({ query, faqId: hit?.entry.faqId ?? null, score: Math.round((hit?.score ?? best?.score ?? 0) * 1000) / 1000 })}\n`);
  });
  return 0;
};
