import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed } from '../../lambdas/adapters/dynamodb/client';
import type { TableKey } from '../../lib/tables';
import sampleCustomers from './sample-customers.json';
import { SEED_FAQS } from '../../lambdas/domain/faq/faq';
import { toFaqItem } from '../../lambdas/adapters/dynamodb/faq-repository';

export const SAMPLE_CUSTOMERS = sampleCustomers.customers;

/** Puts each item unless it exists: seeding twice (every `npm start`) never overwrites edits. */
export const putIfAbsent = async (
  doc: DynamoDBDocumentClient,
  tableName: string,
  keyName: string,
  items: readonly Record<string, unknown>[],
): Promise<number> => {
  let created = 0;
  for (const item of items) {
    try {
      await doc.send(new PutCommand({ TableName: tableName, Item: item, ConditionExpression: `attribute_not_exists(${keyName})` }));
      created++;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }
  return created;
};

/** Seeds every table that has sample data; later issues add their seeds here. */
/** `now` dates the seeded FAQ entries: the clock the caller runs on (simulated or frozen ones included). */
export const seedSampleData = async (doc: DynamoDBDocumentClient, names: Record<TableKey, string>, now: Date): Promise<Record<string, number>> => ({
  customers: await putIfAbsent(doc, names.customers, 'customerId', SAMPLE_CUSTOMERS),
  faq: await putIfAbsent(doc, names.faq, 'faqId', SEED_FAQS.map((f) => toFaqItem(f, now))),
});
