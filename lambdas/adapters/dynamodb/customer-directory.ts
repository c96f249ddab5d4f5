import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CUSTOMER_TIERS, type Customer, type CustomerTier } from '@domain/customers/customer';
import type { CustomerDirectory, PinAttemptStore, PinFailureOutcome } from '@domain/customers/ports';
import { isConditionalCheckFailed } from './client';

const toCustomer = (item: Record<string, unknown> | undefined): Customer | undefined => {
  if (!item || typeof item.customerId !== 'string' || typeof item.phoneE164 !== 'string') return undefined;
  const tier = CUSTOMER_TIERS.includes(item.tier as CustomerTier) ? (item.tier as CustomerTier) : 'REGULAR';
  return {
    customerId: item.customerId,
    name: typeof item.name === 'string' ? item.name : '',
    phoneE164: item.phoneE164,
    tier,
    preferredLanguage: typeof item.preferredLanguage === 'string' ? item.preferredLanguage : 'ko-KR',
    pinHash: typeof item.pinHash === 'string' ? item.pinHash : undefined,
    pinFailures: typeof item.pinFailures === 'number' ? item.pinFailures : 0,
    pinLockedUntil: typeof item.pinLockedUntil === 'string' ? item.pinLockedUntil : undefined,
    email: typeof item.email === 'string' ? item.email : undefined,
  };
};

/** Customers table: lookups by the `byPhone` index; PIN attempts as conditional updates on the item. */
export class DynamoCustomerDirectory implements CustomerDirectory, PinAttemptStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async findByPhone(phoneE164: string): Promise<Customer | undefined> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byPhone',
        KeyConditionExpression: 'phoneE164 = :p',
        ExpressionAttributeValues: { ':p': phoneE164 },
        Limit: 1,
      }),
    );
    return toCustomer(out.Items?.[0]);
  }

  async getById(customerId: string): Promise<Customer | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { customerId } }));
    return toCustomer(out.Item);
  }

  async addFailure(customerId: string): Promise<PinFailureOutcome> {
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { customerId },
          UpdateExpression: 'ADD pinFailures :one',
          ConditionExpression: 'attribute_exists(customerId) AND attribute_not_exists(pinLockedUntil)',
          ExpressionAttributeValues: { ':one': 1 },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return { status: 'COUNTED', failures: Number(out.Attributes?.pinFailures ?? 1) };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      return this.#lockState(customerId);
    }
  }

  async lock(customerId: string, until: Date, minFailures: number): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { customerId },
          UpdateExpression: 'SET pinLockedUntil = :until',
          ConditionExpression: 'attribute_not_exists(pinLockedUntil) AND pinFailures >= :min',
          ExpressionAttributeValues: { ':until': until.toISOString(), ':min': minFailures },
        }),
      );
    } catch (error) {
      // Another attempt set the lock first: the account is locked either way.
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async clearExpiredLock(customerId: string, lockedUntil: Date): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { customerId },
          UpdateExpression: 'SET pinFailures = :zero REMOVE pinLockedUntil',
          ConditionExpression: 'pinLockedUntil = :seen',
          ExpressionAttributeValues: { ':zero': 0, ':seen': lockedUntil.toISOString() },
        }),
      );
    } catch (error) {
      // Someone else cleared (or re-locked) it already.
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async reset(customerId: string): Promise<{ status: 'OK' } | { status: 'LOCKED'; lockedUntil: Date }> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { customerId },
          UpdateExpression: 'SET pinFailures = :zero',
          ConditionExpression: 'attribute_exists(customerId) AND attribute_not_exists(pinLockedUntil)',
          ExpressionAttributeValues: { ':zero': 0 },
        }),
      );
      return { status: 'OK' };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      return this.#lockState(customerId);
    }
  }

  async #lockState(customerId: string): Promise<{ status: 'LOCKED'; lockedUntil: Date }> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { customerId }, ConsistentRead: true, ProjectionExpression: 'pinLockedUntil' }),
    );
    const until = out.Item?.pinLockedUntil;
    // A missing item cannot be verified: report it locked rather than verified.
    return { status: 'LOCKED', lockedUntil: typeof until === 'string' ? new Date(until) : new Date(8.64e15) };
  }
}
