import type { FaqEntry } from './faq';

/** Port: the FAQ table. Reads go through an index (never a scan). */
export interface FaqRepository {
  /** Every entry that is not soft-deleted. */
  listActive(): Promise<readonly FaqEntry[]>;
}
