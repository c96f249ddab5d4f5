import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '@domain/errors';
import { USER_TYPES, type UserType } from '@domain/coaching/content/stages';
import {
  isExpired,
  type CoachingSession,
  type CoachingSessionStore,
  type CompletedSession,
  type CompletedSessionArchive,
  type StoredSession,
} from '@domain/coaching/session';
import type { ChatMessage } from '@domain/llm/language-model';
import { isConditionalCheckFailed } from './client';

const epoch = (d: Date) => Math.floor(d.getTime() / 1000);
const num = (v: unknown, fallback = 0) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

const toSession = (userId: string, raw: unknown): CoachingSession | undefined => {
  if (!raw || typeof raw !== 'object') return undefined;
  const s = raw as Record<string, unknown>;
  if (typeof s.sessionId !== 'string' || typeof s.lastActiveAt !== 'string') return undefined;
  const history = Array.isArray(s.history)
    ? s.history.filter(
        (m): m is ChatMessage =>
          !!m && typeof m === 'object' && ((m as ChatMessage).role === 'user' || (m as ChatMessage).role === 'assistant') && typeof (m as ChatMessage).content === 'string',
      )
    : [];
  return {
    userId,
    sessionId: s.sessionId,
    ...(USER_TYPES.includes(s.userType as UserType) ? { userType: s.userType as UserType } : {}),
    stageIndex: num(s.stageIndex),
    stageQuestionCount: num(s.stageQuestionCount),
    maxStageReached: num(s.maxStageReached),
    completed: s.completed === true,
    turnCount: num(s.turnCount),
    history,
    crisisDetected: s.crisisDetected === true,
    crisisCount: num(s.crisisCount),
    startedAt: String(s.startedAt ?? s.lastActiveAt),
    lastActiveAt: s.lastActiveAt,
  };
};

/**
 * Coaching sessions, one item per user, written with an optimistic version: a write that expects
 * version N succeeds only if the item is still at N (or absent for 0), so concurrent messages
 * retry on the latest state instead of overwriting each other. Items expire by TTL 24 h after the
 * last message; expired items are ignored on read (the local store never deletes them).
 */
export class DynamoCoachingSessionStore implements CoachingSessionStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async load(userId: string, now: Date): Promise<StoredSession> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { userId }, ConsistentRead: true }));
    const item = out.Item;
    if (!item) return { version: 0 };
    const version = num(item.version);
    const session = toSession(userId, item.session);
    if (!session || num(item.expiresAt, Infinity) <= epoch(now) || isExpired(session, now)) return { version };
    return { session, version };
  }

  async save(session: CoachingSession, expectedVersion: number, expiresAt: Date): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { userId: session.userId, version: expectedVersion + 1, session, expiresAt: epoch(expiresAt) },
          ...(expectedVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(userId)' }
            : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectedVersion } }),
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new ConflictError(`session of this user changed (expected version ${expectedVersion})`);
      throw error;
    }
  }
}

/** Completed coaching sessions (summary only, no message text), kept for a year for staff statistics. */
export class DynamoCompletedSessionArchive implements CompletedSessionArchive {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly retentionDays = 365,
  ) {}

  async archive(summary: CompletedSession): Promise<void> {
    const ended = new Date(summary.endedAt);
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...summary, expiresAt: epoch(new Date(ended.getTime() + this.retentionDays * 86_400_000)) },
      }),
    );
  }
}
