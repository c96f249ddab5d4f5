import seed from './seed-faqs.json';

/** One FAQ entry as stored in the FAQ table and edited by supervisors. */
export interface FaqEntry {
  readonly faqId: string;
  readonly category: string;
  readonly question: string;
  /** Display answer (chat, Kakao) */
  readonly answer: string;
  /** Speakable answer for Polly; falls back to `answer` made speakable */
  readonly spokenAnswer?: string;
  readonly paraphrases: readonly string[];
  readonly keywords: readonly string[];
  /** Optimistic-concurrency version (edits are conditional on it) */
  readonly version: number;
  /** Soft delete: kept for history, never answered */
  readonly deleted?: boolean;
  readonly updatedAt?: string;
}

export const FAQ_CATEGORIES = ['general', 'order', 'delivery', 'payment', 'account', 'return'] as const;

/** The 12 entries every installation starts with (`local/seed`, tests, fallback when the table is unreachable). */
export const SEED_FAQS: readonly FaqEntry[] = (seed.faqs as Omit<FaqEntry, 'version'>[]).map((f) => ({ ...f, version: 1 }));
