import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { addSeoulDays, dateKeyToDate } from '@domain/calendar';
import {
  CALLBACK_SOURCES,
  CALLBACK_STATUSES,
  DIAL_OUTCOMES,
  type Callback,
  type CallbackSource,
  type CallbackStatus,
  type DialOutcome,
  type HistoryEntry,
} from '@domain/callbacks/callback';
import type { AcquireResult, ActiveHolder, CallbackRepository, DialRateLimiter, SlotCapacity, Transition } from '@domain/callbacks/ports';
import type { Clock } from '@domain/clock';
import { isConditionalCheckFailed } from './client';

/**
 * The callbacks table holds, under one partition key `pk`:
 * - `CALLBACK#<id>`   the callback (indexed by status + dueAt and by Seoul day + scheduledAt);
 * - `ACTIVE#<e164>`   the phone's one active callback (created with attribute_not_exists);
 * - `SLOT#<iso>`      places taken in a 30-minute slot; `RATE#<iso minute>` dials started in a minute;
 * - `CONTACT#<id>`    outbound contact id → callback and attempt (contact events carry only the contact).
 * Only callbacks carry `status`/`scheduledDay`, so the other items never appear in the indexes.
 * dynalite never expires TTL items: reads ignore an `expiresAt` in the past, judged by the injected
 * clock (the one the writes used), so a record written at a simulated time lives as long there.
 */
const CALLBACK = 'CALLBACK#';
const ACTIVE = 'ACTIVE#';
const SLOT = 'SLOT#';
const RATE = 'RATE#';
const CONTACT = 'CONTACT#';

const nowEpoch = (now: Date): number => Math.floor(now.getTime() / 1000);
const expired = (item: Record<string, unknown>, now: Date): boolean => typeof item.expiresAt === 'number' && item.expiresAt < nowEpoch(now);

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown, fallback = 0): number => (typeof v === 'number' ? v : fallback);

const toCallback = (item: Record<string, unknown> | undefined): Callback | undefined => {
  if (!item || typeof item.callbackId !== 'string' || typeof item.phoneE164 !== 'string') return undefined;
  if (!CALLBACK_STATUSES.includes(item.status as CallbackStatus)) return undefined;
  const source = CALLBACK_SOURCES.includes(item.source as CallbackSource) ? (item.source as CallbackSource) : 'API';
  const lastOutcome = DIAL_OUTCOMES.includes(item.lastOutcome as DialOutcome) ? (item.lastOutcome as DialOutcome) : undefined;
  return {
    callbackId: item.callbackId,
    phoneE164: item.phoneE164,
    status: item.status as CallbackStatus,
    scheduledAt: String(item.scheduledAt ?? ''),
    slotStart: String(item.slotStart ?? item.scheduledAt ?? ''),
    scheduledDay: String(item.scheduledDay ?? ''),
    dueAt: String(item.dueAt ?? ''),
    attempts: num(item.attempts),
    maxAttempts: num(item.maxAttempts, 3),
    source,
    reason: String(item.reason ?? ''),
    customerTier: String(item.customerTier ?? ''),
    originalIntent: String(item.originalIntent ?? ''),
    customerId: str(item.customerId),
    bookedContactId: str(item.bookedContactId),
    contactId: str(item.contactId),
    dialedAttempt: typeof item.dialedAttempt === 'number' ? item.dialedAttempt : undefined,
    leaseId: str(item.leaseId),
    lastOutcome,
    createdAt: String(item.createdAt ?? ''),
    updatedAt: String(item.updatedAt ?? ''),
    endedAt: str(item.endedAt),
    expiresAt: typeof item.expiresAt === 'number' ? item.expiresAt : undefined,
    history: Array.isArray(item.history) ? (item.history as HistoryEntry[]) : [],
  };
};

export class DynamoCallbackRepository implements CallbackRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** The clock the callers write with: reads without a `now` of their own judge TTLs by it. */
    private readonly clock: Clock,
  ) {}

  async acquireActive(phoneE164: string, callbackId: string, now: Date, expiresAt: number): Promise<AcquireResult> {
    for (let round = 0; round < 3; round++) {
      try {
        await this.doc.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { pk: ACTIVE + phoneE164, callbackId, createdAt: now.toISOString(), expiresAt },
            ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
            ExpressionAttributeValues: { ':now': nowEpoch(now) },
          }),
        );
        return { acquired: true };
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
      }
      const holder = await this.activeHolder(phoneE164, now);
      // Released between our write and our read: try again.
      if (holder) return { acquired: false, holder };
    }
    throw new Error('active-callback lock kept changing');
  }

  async takeOverActive(phoneE164: string, staleCallbackId: string, callbackId: string, now: Date, expiresAt: number): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: ACTIVE + phoneE164, callbackId, createdAt: now.toISOString(), expiresAt },
          ConditionExpression: 'callbackId = :stale OR attribute_not_exists(pk)',
          ExpressionAttributeValues: { ':stale': staleCallbackId },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  /**
   * Marks the lock expired instead of deleting it: the functions then need no DeleteItem permission,
   * the next booking's `expiresAt < :now` condition takes it over, and TTL removes it.
   */
  async releaseActive(phoneE164: string, callbackId: string, now: Date): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: ACTIVE + phoneE164 },
          UpdateExpression: 'SET expiresAt = :released, releasedAt = :now',
          ConditionExpression: 'callbackId = :id',
          ExpressionAttributeValues: { ':id': callbackId, ':released': nowEpoch(now) - 1, ':now': now.toISOString() },
        }),
      );
    } catch (error) {
      // Someone else holds it now (or nobody): nothing of ours to free.
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async activeHolder(phoneE164: string, now: Date): Promise<ActiveHolder | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk: ACTIVE + phoneE164 }, ConsistentRead: true }));
    const item = out.Item;
    if (!item || expired(item, now) || typeof item.callbackId !== 'string') return undefined;
    return { callbackId: item.callbackId, createdAt: String(item.createdAt ?? new Date(0).toISOString()) };
  }

  async create(callback: Callback): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: CALLBACK + callback.callbackId, itemType: 'CALLBACK', ...callback },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(callbackId: string): Promise<Callback | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk: CALLBACK + callbackId }, ConsistentRead: true }));
    return out.Item && !expired(out.Item, this.clock.now()) ? toCallback(out.Item) : undefined;
  }

  async transition(callbackId: string, t: Transition): Promise<Callback | undefined> {
    const names: Record<string, string> = { '#status': 'status', '#dueAt': 'dueAt', '#updatedAt': 'updatedAt', '#history': 'history' };
    const values: Record<string, unknown> = {
      ':to': t.to,
      ':due': t.dueAt.toISOString(),
      ':now': t.now.toISOString(),
      ':entry': [t.entry],
      ':empty': [],
    };
    const sets = ['#status = :to', '#dueAt = :due', '#updatedAt = :now', '#history = list_append(if_not_exists(#history, :empty), :entry)'];
    const removes: string[] = [];
    const from = t.from.map((status, i) => {
      values[`:from${i}`] = status;
      return `:from${i}`;
    });
    const conditions = ['attribute_exists(pk)', `#status IN (${from.join(', ')})`];

    if (t.attemptsDelta) {
      names['#attempts'] = 'attempts';
      values[':delta'] = t.attemptsDelta;
      sets.push('#attempts = #attempts + :delta');
    }
    if (t.leaseId === null) removes.push('leaseId');
    else if (t.leaseId !== undefined) {
      values[':lease'] = t.leaseId;
      sets.push('leaseId = :lease');
    }
    if (t.lastOutcome) {
      values[':outcome'] = t.lastOutcome;
      sets.push('lastOutcome = :outcome');
    }
    if (t.ended) {
      values[':endedAt'] = t.ended.at.toISOString();
      values[':expiresAt'] = t.ended.expiresAt;
      sets.push('endedAt = :endedAt', 'expiresAt = :expiresAt');
    }
    if (t.guard?.leaseId !== undefined) {
      values[':guardLease'] = t.guard.leaseId;
      conditions.push('leaseId = :guardLease');
    }
    if (t.guard?.attempts !== undefined) {
      names['#attempts'] = 'attempts';
      values[':guardAttempts'] = t.guard.attempts;
      conditions.push('#attempts = :guardAttempts');
    }
    if (t.guard?.dueAtAtMost !== undefined) {
      values[':guardDue'] = t.guard.dueAtAtMost.toISOString();
      conditions.push('#dueAt <= :guardDue');
    }
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: CALLBACK + callbackId },
          UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: conditions.join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toCallback(out.Attributes);
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw error;
    }
  }

  async recordDial(callbackId: string, leaseId: string, attempt: number, contactId: string, now: Date): Promise<boolean> {
    const entry: HistoryEntry = { at: now.toISOString(), event: 'DIALED', status: 'DIALING', by: 'connect', attempt, detail: contactId };
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: CALLBACK + callbackId },
          UpdateExpression: 'SET contactId = :contact, dialedAttempt = :attempt, updatedAt = :now, #history = list_append(if_not_exists(#history, :empty), :entry)',
          ConditionExpression: '#status = :dialing AND leaseId = :lease AND attempts = :attempt',
          ExpressionAttributeNames: { '#status': 'status', '#history': 'history' },
          ExpressionAttributeValues: {
            ':contact': contactId,
            ':attempt': attempt,
            ':now': now.toISOString(),
            ':entry': [entry],
            ':empty': [],
            ':dialing': 'DIALING',
            ':lease': leaseId,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async linkContact(contactId: string, callbackId: string, attempt: number, expiresAt: number): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { pk: CONTACT + contactId, callbackId, attempt, expiresAt } }));
  }

  async findByContact(contactId: string): Promise<{ callbackId: string; attempt: number } | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk: CONTACT + contactId }, ConsistentRead: true }));
    const item = out.Item;
    if (!item || expired(item, this.clock.now()) || typeof item.callbackId !== 'string') return undefined;
    return { callbackId: item.callbackId, attempt: num(item.attempt, 1) };
  }

  findDue(now: Date, limit: number): Promise<Callback[]> {
    return this.#byStatus('PENDING', '#dueAt <= :t', { ':t': now.toISOString() }, limit);
  }

  findExpiredLeases(now: Date, limit: number): Promise<Callback[]> {
    return this.#byStatus('DIALING', '#dueAt <= :t', { ':t': now.toISOString() }, limit);
  }

  listByStatus(status: CallbackStatus, dayKey: string, limit = 500): Promise<Callback[]> {
    const start = dateKeyToDate(dayKey);
    const end = new Date(addSeoulDays(start, 1).getTime() - 1);
    return this.#byStatus(status, '#dueAt BETWEEN :from AND :to', { ':from': start.toISOString(), ':to': end.toISOString() }, limit);
  }

  async listByDay(dayKey: string, limit = 500): Promise<Callback[]> {
    return this.#query(
      { IndexName: 'byDay', KeyConditionExpression: 'scheduledDay = :d', ExpressionAttributeValues: { ':d': dayKey } },
      limit,
    );
  }

  #byStatus(status: CallbackStatus, range: string, values: Record<string, unknown>, limit: number): Promise<Callback[]> {
    return this.#query(
      {
        IndexName: 'byStatusDue',
        KeyConditionExpression: `#status = :s AND ${range}`,
        ExpressionAttributeNames: { '#status': 'status', '#dueAt': 'dueAt' },
        ExpressionAttributeValues: { ':s': status, ...values },
      },
      limit,
    );
  }

  async #query(
    input: { IndexName: string; KeyConditionExpression: string; ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues: Record<string, unknown> },
    limit: number,
  ): Promise<Callback[]> {
    const out: Callback[] = [];
    const now = this.clock.now();
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({ TableName: this.tableName, ...input, Limit: Math.min(limit - out.length, 100), ExclusiveStartKey: start, ScanIndexForward: true }),
      );
      for (const item of page.Items ?? []) {
        const callback = expired(item, now) ? undefined : toCallback(item);
        if (callback) out.push(callback);
      }
      start = page.LastEvaluatedKey;
    } while (start && out.length < limit);
    return out;
  }
}

/**
 * Bounded counters, one conditional `ADD` each: slot places (`SLOT#`) and dials per minute (`RATE#`).
 * Concurrent writers can never push a counter past its cap.
 */
export class DynamoCallbackCounters implements SlotCapacity, DialRateLimiter {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {}

  async counts(slotKeys: readonly string[]): Promise<ReadonlyMap<string, number>> {
    const counts = new Map<string, number>();
    const now = this.clock.now();
    const unique = [...new Set(slotKeys)];
    for (let i = 0; i < unique.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = unique.slice(i, i + 100).map((k) => ({ pk: SLOT + k }));
      for (let round = 0; keys && keys.length > 0 && round < 5; round++) {
        const out = await this.doc.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true, ProjectionExpression: 'pk, taken, expiresAt' } } }),
        );
        for (const item of out.Responses?.[this.tableName] ?? []) {
          if (!expired(item, now)) counts.set(String(item.pk).slice(SLOT.length), num(item.taken));
        }
        keys = out.UnprocessedKeys?.[this.tableName]?.Keys as Record<string, unknown>[] | undefined;
      }
    }
    return counts;
  }

  reserve(slotKey: string, capacity: number, expiresAt: number): Promise<boolean> {
    return this.#take(SLOT + slotKey, capacity, expiresAt);
  }

  release(slotKey: string): Promise<void> {
    return this.#giveBack(SLOT + slotKey);
  }

  tryAcquire(minuteKey: string, maxPerMinute: number, expiresAt: number): Promise<boolean> {
    return this.#take(RATE + minuteKey, maxPerMinute, expiresAt);
  }

  refund(minuteKey: string): Promise<void> {
    return this.#giveBack(RATE + minuteKey);
  }

  async #take(pk: string, cap: number, expiresAt: number): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk },
          UpdateExpression: 'ADD taken :one SET expiresAt = :exp',
          ConditionExpression: 'attribute_not_exists(taken) OR taken < :cap',
          ExpressionAttributeValues: { ':one': 1, ':cap': cap, ':exp': expiresAt },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async #giveBack(pk: string): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk },
          UpdateExpression: 'ADD taken :minus',
          ConditionExpression: 'taken > :zero',
          ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }
}
