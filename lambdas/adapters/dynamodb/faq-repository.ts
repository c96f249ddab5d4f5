import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { FaqEntry } from '@domain/faq/faq';
import type { FaqRepository } from '@domain/faq/ports';

/** Partition value of the sparse `active` index: present on every entry that is not soft-deleted. */
export const ACTIVE_FAQ_KEY = 'FAQ';

/** The item stored for an entry (seeding, tests, and the operations API in issue 8). */
export const toFaqItem = (entry: FaqEntry, now: Date): Record<string, unknown> => ({
  ...entry,
  paraphrases: [...entry.paraphrases],
  keywords: [...entry.keywords],
  deleted: entry.deleted ?? false,
  updatedAt: entry.updatedAt ?? now.toISOString(),
  ...(entry.deleted ? {} : { activeKey: ACTIVE_FAQ_KEY }),
});

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

export const toFaqEntry = (item: Record<string, unknown>): FaqEntry | undefined => {
  if (typeof item.faqId !== 'string' || typeof item.question !== 'string' || typeof item.answer !== 'string') return undefined;
  return {
    faqId: item.faqId,
    category: typeof item.category === 'string' ? item.category : 'general',
    question: item.question,
    answer: item.answer,
    ...(typeof item.spokenAnswer === 'string' ? { spokenAnswer: item.spokenAnswer } : {}),
    paraphrases: strings(item.paraphrases),
    keywords: strings(item.keywords),
    version: typeof item.version === 'number' ? item.version : 1,
    deleted: item.deleted === true,
    ...(typeof item.updatedAt === 'string' ? { updatedAt: item.updatedAt } : {}),
  };
};

/** FAQ table read through the sparse `active` index: one Query (paged), never a scan. */
export class DynamoFaqRepository implements FaqRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async listActive(): Promise<readonly FaqEntry[]> {
    const entries: FaqEntry[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'active',
          KeyConditionExpression: 'activeKey = :k',
          ExpressionAttributeValues: { ':k': ACTIVE_FAQ_KEY },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) {
        const entry = toFaqEntry(item);
        if (entry && !entry.deleted) entries.push(entry);
      }
      start = out.LastEvaluatedKey;
    } while (start);
    return entries;
  }
}
