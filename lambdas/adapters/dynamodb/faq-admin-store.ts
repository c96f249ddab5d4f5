import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '@domain/clock';
import { ConflictError } from '@domain/errors';
import type { FaqEntry } from '@domain/faq/faq';
import type { FaqAdminRepository, FaqFilter, Page, PageRequest, ReplaceResult } from '@domain/operations/ports';
import { isConditionalCheckFailed } from './client';
import { decodeCursor, encodeCursor } from './cursor';
import { faqTableWritten } from './faq-changes';
import { ACTIVE_FAQ_KEY, toFaqEntry, toFaqItem } from './faq-repository';

/**
 * The FAQ table as supervisors edit it: reads by id (consistent) or through an index (`byCategory`,
 * or the sparse `active` one for "every live entry"), writes as one conditional Put on `version`.
 * The item layout is the bots' (`toFaqItem`): a soft-deleted entry loses `activeKey`, so the bots'
 * `active` index stops returning it. Every write tells the FAQ caches of this process (`faq-changes`).
 */
export class DynamoFaqAdminRepository implements FaqAdminRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Dates an entry that arrives without `updatedAt` (the operations use case always sets it). */
    private readonly clock: Clock,
  ) {}

  async get(faqId: string): Promise<FaqEntry | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { faqId }, ConsistentRead: true }));
    return out.Item ? toFaqEntry(out.Item) : undefined;
  }

  async list(filter: FaqFilter, page: PageRequest): Promise<Page<FaqEntry>> {
    const byCategory = filter.category !== undefined;
    const index = byCategory ? 'byCategory' : 'active';
    const partition = byCategory ? (filter.category as string) : ACTIVE_FAQ_KEY;
    const query = `faq|${index}|${partition}|${filter.includeDeleted}`;
    let start: Record<string, unknown> | undefined = decodeCursor(
      page.cursor,
      query,
      byCategory ? { faqId: 'S', category: 'S' } : { faqId: 'S', activeKey: 'S' },
    );
    const items: FaqEntry[] = [];
    for (let round = 0; round < 10; round++) {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: index,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': byCategory ? 'category' : 'activeKey' },
          ExpressionAttributeValues: { ':pk': partition, ...(filter.includeDeleted ? {} : { ':false': false }) },
          ...(filter.includeDeleted ? {} : { FilterExpression: 'deleted = :false' }),
          Limit: page.limit - items.length,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) {
        const entry = toFaqEntry(item);
        if (entry) items.push(entry);
      }
      start = out.LastEvaluatedKey;
      if (!start || items.length >= page.limit) break;
    }
    return { items, nextCursor: encodeCursor(query, start) };
  }

  async create(entry: FaqEntry): Promise<void> {
    try {
      await this.doc.send(new PutCommand({ TableName: this.tableName, Item: toFaqItem(entry, this.clock.now()), ConditionExpression: 'attribute_not_exists(faqId)' }));
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new ConflictError(`FAQ entry ${entry.faqId} already exists`);
      throw error;
    } finally {
      // Also after an error: a write that timed out may still have landed (a needless re-read is cheap).
      faqTableWritten(this.tableName);
    }
  }

  async replace(entry: FaqEntry, expectedVersion: number): Promise<ReplaceResult> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toFaqItem({ ...entry, version: expectedVersion + 1 }, this.clock.now()),
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':v': expectedVersion },
        }),
      );
      return 'REPLACED';
    } catch (error) {
      if (isConditionalCheckFailed(error)) return 'STALE';
      throw error;
    } finally {
      faqTableWritten(this.tableName);
    }
  }
}
