import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CHANNELS, QUEUES, REASON_CODES, type Channel, type EscalationReason, type QueueName } from '@domain/conversation/types';
import type {
  ConversationIndex,
  ConversationListing,
  EscalationFilter,
  EscalationListing,
  Page,
  PageRequest,
} from '@domain/operations/ports';
import { decodeCursor, encodeCursor, type KeyShape } from './cursor';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

const BASE_KEY = { conversationId: 'S', turn: 'N' } as const;
const shapes: Record<string, KeyShape> = {
  byDay: { ...BASE_KEY, dayKey: 'S', startedAt: 'S' },
  byCustomer: { ...BASE_KEY, customerIndexKey: 'S', startedAt: 'S' },
  escalationsByDay: { ...BASE_KEY, escalationDay: 'S', at: 'S' },
};

/** At most this many index pages are read to fill one filtered page (bounds the cost of a request). */
const MAX_PAGES_PER_REQUEST = 10;

const toListing = (item: Record<string, unknown>): ConversationListing | undefined => {
  const channel = item.channel as Channel;
  if (typeof item.conversationId !== 'string' || typeof item.startedAt !== 'string' || !CHANNELS.includes(channel)) return undefined;
  return {
    conversationId: item.conversationId,
    startedAt: item.startedAt,
    channel,
    ...(str(item.customerId) ? { customerId: str(item.customerId) } : {}),
    ...(str(item.tier) ? { tier: str(item.tier) } : {}),
    ...(str(item.intent) ? { firstIntent: str(item.intent) } : {}),
    ...(str(item.action) ? { firstAction: str(item.action) } : {}),
    firstTurn: typeof item.turn === 'number' ? item.turn : 1,
  };
};

const toEscalation = (item: Record<string, unknown>): EscalationListing | undefined => {
  const channel = item.channel as Channel;
  const queue = item.targetQueue as QueueName;
  const reason = item.escalationReason as EscalationReason;
  if (typeof item.conversationId !== 'string' || typeof item.at !== 'string' || typeof item.turn !== 'number') return undefined;
  if (!CHANNELS.includes(channel) || !QUEUES.includes(queue) || !REASON_CODES.includes(reason)) return undefined;
  return {
    conversationId: item.conversationId,
    turn: item.turn,
    at: item.at,
    channel,
    queue,
    priority: typeof item.priority === 'number' ? item.priority : 3,
    reason,
    summary: String(item.summary ?? ''),
    ...(str(item.intent) ? { intent: str(item.intent) } : {}),
    ...(str(item.customerId) ? { customerId: str(item.customerId) } : {}),
    ...(str(item.tier) ? { tier: str(item.tier) } : {}),
    ...(str(item.startedAt) ? { conversationStartedAt: str(item.startedAt) } : {}),
  };
};

/**
 * Operations' reads of the conversations table, each one Query on a sparse index (newest first):
 * conversations by Seoul day (`byDay`), by customer (`byCustomer`), escalations by day
 * (`escalationsByDay`, optionally filtered by queue and reason). Pages carry opaque cursors.
 */
export class DynamoConversationIndex implements ConversationIndex {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  listByDay(day: string, page: PageRequest): Promise<Page<ConversationListing>> {
    return this.#page('byDay', 'dayKey', day, page, toListing);
  }

  listByCustomer(customerId: string, page: PageRequest): Promise<Page<ConversationListing>> {
    return this.#page('byCustomer', 'customerIndexKey', customerId, page, toListing);
  }

  listEscalations(day: string, filter: EscalationFilter, page: PageRequest): Promise<Page<EscalationListing>> {
    const conditions: string[] = [];
    const values: Record<string, unknown> = {};
    if (filter.queue) {
      conditions.push('targetQueue = :queue');
      values[':queue'] = filter.queue;
    }
    if (filter.reason) {
      conditions.push('escalationReason = :reason');
      values[':reason'] = filter.reason;
    }
    const filterSpec = conditions.length > 0 ? { expression: conditions.join(' AND '), values } : undefined;
    return this.#page('escalationsByDay', 'escalationDay', day, page, toEscalation, filterSpec, `${filter.queue ?? ''}|${filter.reason ?? ''}`);
  }

  async #page<T>(
    index: keyof typeof shapes,
    partitionAttr: string,
    partitionValue: string,
    page: PageRequest,
    map: (item: Record<string, unknown>) => T | undefined,
    filter?: { expression: string; values: Record<string, unknown> },
    filterId = '',
  ): Promise<Page<T>> {
    const query = `${index}|${partitionValue}|${filterId}`;
    const shape = shapes[index] as KeyShape;
    let start: Record<string, unknown> | undefined = decodeCursor(page.cursor, query, shape);
    const items: T[] = [];
    for (let round = 0; round < MAX_PAGES_PER_REQUEST; round++) {
      // Limit = what is still missing: DynamoDB never evaluates more than that, so the page's last key
      // is exactly where the next page starts (no item is skipped or repeated, filtered or not).
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: index,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': partitionAttr },
          ExpressionAttributeValues: { ':pk': partitionValue, ...(filter?.values ?? {}) },
          ...(filter ? { FilterExpression: filter.expression } : {}),
          ScanIndexForward: false,
          Limit: page.limit - items.length,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) {
        const mapped = map(item);
        if (mapped) items.push(mapped);
      }
      start = out.LastEvaluatedKey;
      if (!start || items.length >= page.limit) break;
    }
    return { items, nextCursor: encodeCursor(query, start) };
  }
}
