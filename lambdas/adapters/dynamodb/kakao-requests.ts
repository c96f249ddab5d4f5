import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BeginResult, CallbackStatus, IdempotencyStore, Profile, RequestRecord, RequestState } from '@domain/kakao/ports';
import type { SkillResponse } from '@domain/kakao/skill-response';
import { isConditionalCheckFailed } from './client';

const epoch = (d: Date) => Math.floor(d.getTime() / 1000);

const toRecord = (item: Record<string, unknown> | undefined): RequestRecord | undefined => {
  if (!item || typeof item.requestKey !== 'string') return undefined;
  return {
    key: item.requestKey,
    profile: item.profile as Profile,
    userId: String(item.userId ?? ''),
    utterance: String(item.utterance ?? ''),
    truncated: item.truncated === true,
    ...(typeof item.callbackUrl === 'string' ? { callbackUrl: item.callbackUrl } : {}),
    ...(typeof item.callbackDeadline === 'string' ? { callbackDeadline: item.callbackDeadline } : {}),
    receivedAt: String(item.receivedAt ?? ''),
    state: item.state as RequestState,
    ...(item.deferred === true ? { deferred: true } : {}),
    ...(typeof item.response === 'string' ? { response: item.response } : {}),
    ...(typeof item.callbackStatus === 'string' ? { callbackStatus: item.callbackStatus as CallbackStatus } : {}),
    ...(typeof item.callbackAttempts === 'number' ? { callbackAttempts: item.callbackAttempts } : {}),
  };
};

/**
 * The idempotency table: one item per skill request. Every state change is a single conditional
 * write (no transactions: dynalite has none, and none are needed). Expired items are treated as
 * absent, because the local store never deletes them.
 */
export class DynamoIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async begin(record: Omit<RequestRecord, 'state'>, expiresAt: Date, now: Date): Promise<BeginResult> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...withoutKey(record), requestKey: record.key, state: 'RECEIVED', expiresAt: epoch(expiresAt) },
          ConditionExpression: 'attribute_not_exists(requestKey) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': epoch(now) },
        }),
      );
      return { created: true };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const existing = await this.get(record.key);
      // Gone between the two calls (cannot happen with TTL semantics, but never answer "duplicate of nothing").
      if (!existing) return { created: true };
      return { created: false, existing };
    }
  }

  async get(key: string): Promise<RequestRecord | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { requestKey: key }, ConsistentRead: true }));
    return toRecord(out.Item);
  }

  async markDeferred(key: string): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { requestKey: key },
        UpdateExpression: 'SET #s = :deferred, #d = :true',
        ConditionExpression: '#s = :received',
        ExpressionAttributeNames: { '#s': 'state', '#d': 'deferred' },
        ExpressionAttributeValues: { ':deferred': 'DEFERRED', ':received': 'RECEIVED', ':true': true },
      }),
    );
  }

  async undefer(key: string): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { requestKey: key },
          UpdateExpression: 'SET #s = :received REMOVE #d',
          ConditionExpression: '#s = :deferred',
          ExpressionAttributeNames: { '#s': 'state', '#d': 'deferred' },
          ExpressionAttributeValues: { ':received': 'RECEIVED', ':deferred': 'DEFERRED' },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async claim(key: string): Promise<RequestRecord | undefined> {
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { requestKey: key },
          UpdateExpression: 'SET #s = :running',
          ConditionExpression: '#s = :deferred',
          ExpressionAttributeNames: { '#s': 'state' },
          ExpressionAttributeValues: { ':running': 'RUNNING', ':deferred': 'DEFERRED' },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toRecord(out.Attributes);
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw error;
    }
  }

  async complete(key: string, response: SkillResponse, state: 'COMPLETED' | 'FAILED' = 'COMPLETED'): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { requestKey: key },
        UpdateExpression: 'SET #s = :state, #r = :response',
        ConditionExpression: 'attribute_exists(requestKey)',
        ExpressionAttributeNames: { '#s': 'state', '#r': 'response' },
        ExpressionAttributeValues: { ':state': state, ':response': JSON.stringify(response) },
      }),
    );
  }

  async recordCallback(key: string, status: CallbackStatus, attempts: number): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { requestKey: key },
        UpdateExpression: 'SET #cs = :s, #ca = :a',
        ConditionExpression: 'attribute_exists(requestKey)',
        ExpressionAttributeNames: { '#cs': 'callbackStatus', '#ca': 'callbackAttempts' },
        ExpressionAttributeValues: { ':s': status, ':a': attempts },
      }),
    );
  }
}

const withoutKey = ({ key: _key, ...rest }: Omit<RequestRecord, 'state'>) => rest;
