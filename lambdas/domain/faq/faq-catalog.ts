import type { Clock } from '../clock';
import { trainingUtterances } from '../nlu/committed-model';
import { SEED_FAQS, type FaqEntry } from './faq';
import { DEFAULT_MIN_SCORE, FaqMatcher, type FaqMatch } from './faq-matcher';
import type { FaqRepository } from './ports';

/**
 * Customer speech that is not FAQ content (the intent model's training utterances, normalised):
 * lowers the weight of filler shared by every question.
 */
const BACKGROUND = trainingUtterances();

export const buildFaqMatcher = (entries: readonly FaqEntry[], minScore = DEFAULT_MIN_SCORE): FaqMatcher =>
  new FaqMatcher(entries, { minScore, background: BACKGROUND });

/**
 * The FAQ as the bots see it: entries from the repository, cached per process for `ttlMs` so a
 * turn normally costs no FAQ read (supervisor edits show up within the TTL, no redeploy, or at once
 * when the edit was made in this process: its writer calls `invalidate`).
 * When the table cannot be read, the last good copy is kept; before the first successful read
 * the seed entries answer, so a cold start during an outage still answers common questions.
 */
export class FaqCatalog {
  #matcher?: FaqMatcher;
  #fingerprint?: string;
  #loadedAt = -Infinity;
  #pending?: Promise<FaqMatcher>;
  #lastError?: unknown;
  /** Bumped by `invalidate`: a read that started before an edit never counts as fresh after it. */
  #generation = 0;

  constructor(
    private readonly repository: FaqRepository,
    private readonly clock: Clock,
    private readonly ttlMs = 60_000,
    private readonly minScore = DEFAULT_MIN_SCORE,
  ) {}

  /** The error of the last failed refresh, if the current copy is stale because of it. */
  get lastError(): unknown {
    return this.#lastError;
  }

  /** The FAQ changed: the next match reads the table again (a read already under way is not reused). */
  invalidate(): void {
    this.#generation++;
    this.#loadedAt = -Infinity;
    this.#pending = undefined;
  }

  async matcher(): Promise<FaqMatcher> {
    // A clock that went backwards (simulated calls each run on their own time) makes the copy stale, never fresh.
    const age = this.clock.now().getTime() - this.#loadedAt;
    const fresh = this.#matcher && age >= 0 && age < this.ttlMs;
    if (fresh && this.#matcher) return this.#matcher;
    if (!this.#pending) {
      const pending: Promise<FaqMatcher> = this.#refresh().finally(() => {
        if (this.#pending === pending) this.#pending = undefined;
      });
      this.#pending = pending;
    }
    return this.#pending;
  }

  async #refresh(): Promise<FaqMatcher> {
    const generation = this.#generation;
    try {
      const entries = await this.repository.listActive();
      // Invalidated while reading: this copy may predate the edit. It must not replace a newer one,
      // nor count as fresh (the next turn reads again); the callers that waited on it, whose turns
      // began before the edit, are answered from the latest copy there is.
      if (generation !== this.#generation && this.#matcher) return this.#matcher;
      // Building the index costs ~8 ms; an unchanged FAQ (same ids and versions) keeps the one built.
      const fingerprint = entries.map((e) => `${e.faqId}:${e.version}:${e.updatedAt ?? ''}`).join('|');
      if (!this.#matcher || fingerprint !== this.#fingerprint) {
        this.#matcher = buildFaqMatcher(entries, this.minScore);
        this.#fingerprint = fingerprint;
      }
      if (generation === this.#generation) this.#loadedAt = this.clock.now().getTime();
      this.#lastError = undefined;
      return this.#matcher;
    } catch (error) {
      this.#lastError = error;
      // Retry the table on the next turn, but answer this one from what we have.
      this.#matcher ??= buildFaqMatcher(SEED_FAQS, this.minScore);
      return this.#matcher;
    }
  }

  async match(query: string, minScore?: number): Promise<FaqMatch | null> {
    return (await this.matcher()).match(query, minScore);
  }
}

/** A repository over a fixed list (CLI, tests, Kakao simulator). */
export class StaticFaqRepository implements FaqRepository {
  constructor(private readonly entries: readonly FaqEntry[] = SEED_FAQS) {}
  async listActive(): Promise<readonly FaqEntry[]> {
    return this.entries.filter((e) => !e.deleted);
  }
}
