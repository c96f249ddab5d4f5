import type { CoachingSessionStore, CoachingSession, StoredSession } from '@domain/coaching/session';
import type { ConversationStore, TurnRecord } from '@domain/conversation/ports';
import type { LoadedSession } from '@domain/conversation/session';
import { countCoaching, countTurn, type CoachingFact, type CoachingSnapshot, type StatisticsStore } from '@domain/statistics/statistics';
import { toTurnItem, turnFactFromItem } from './conversation-store';

/**
 * How counters follow the data.
 *
 * In AWS the chatbot's hot path stays at two DynamoDB requests per turn (read the latest turn, put
 * the next one): the statistics aggregator Lambda reads the conversations table's stream (and the
 * coaching sessions' stream) and calls the same use cases (`countTurn`, `countCoaching`) with facts
 * built by the functions below from the stream images. Counting is idempotent per turn/version, so
 * stream retries never double count.
 *
 * dynalite (local runtime, tests) has no streams. There the stores are wrapped by these decorators,
 * which call the same use cases in-process right after a successful write, with a fact built from
 * the very item that was written (`toTurnItem` → `turnFactFromItem`, exactly what the stream would
 * carry). The cost is a third request per turn, locally only. Counting never fails a turn.
 */
export class CountingConversationStore implements ConversationStore {
  constructor(
    private readonly inner: ConversationStore,
    private readonly statistics: StatisticsStore,
    private readonly onError: (error: unknown) => void,
    private readonly retentionDays = 90,
  ) {}

  loadSession(conversationId: string): Promise<LoadedSession | undefined> {
    return this.inner.loadSession(conversationId);
  }

  async appendTurn(record: TurnRecord): Promise<'APPENDED' | 'CONFLICT'> {
    const result = await this.inner.appendTurn(record);
    if (result === 'APPENDED') {
      const fact = turnFactFromItem(toTurnItem(record, this.retentionDays));
      if (fact) await countTurn(fact, this.statistics).catch(this.onError);
    }
    return result;
  }
}

const snapshot = (session: unknown): CoachingSnapshot | undefined => {
  if (!session || typeof session !== 'object') return undefined;
  const s = session as Record<string, unknown>;
  if (typeof s.sessionId !== 'string' || typeof s.lastActiveAt !== 'string') return undefined;
  return { sessionId: s.sessionId, crisisCount: typeof s.crisisCount === 'number' ? s.crisisCount : 0, lastActiveAt: s.lastActiveAt };
};

/** A coaching fact from the old and new images of a coaching session item (stream record). */
export const coachingFactFromImages = (oldImage: Record<string, unknown> | undefined, newImage: Record<string, unknown>): CoachingFact | undefined => {
  const after = snapshot(newImage.session);
  if (typeof newImage.userId !== 'string' || typeof newImage.version !== 'number' || !after) return undefined;
  const before = snapshot(oldImage?.session);
  return { userId: newImage.userId, version: newImage.version, after, ...(before ? { before } : {}) };
};

/** Local counterpart for coaching: remembers the session each save is based on (its old image). */
export class CountingCoachingSessionStore implements CoachingSessionStore {
  readonly #loaded = new Map<string, StoredSession>();

  constructor(
    private readonly inner: CoachingSessionStore,
    private readonly statistics: StatisticsStore,
    private readonly onError: (error: unknown) => void,
  ) {}

  async load(userId: string, now: Date): Promise<StoredSession> {
    const stored = await this.inner.load(userId, now);
    this.#loaded.set(userId, stored);
    return stored;
  }

  async save(session: CoachingSession, expectedVersion: number, expiresAt: Date): Promise<void> {
    await this.inner.save(session, expectedVersion, expiresAt);
    const based = this.#loaded.get(session.userId);
    this.#loaded.delete(session.userId);
    const before = based && based.version === expectedVersion ? based.session : undefined;
    const fact = coachingFactFromImages(
      before ? { userId: session.userId, version: expectedVersion, session: before } : undefined,
      { userId: session.userId, version: expectedVersion + 1, session },
    );
    if (fact) await countCoaching(fact, this.statistics).catch(this.onError);
  }
}
