import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '@domain/errors';
import type { BookingDialog, BookingDialogStore } from '@domain/kakao/service-bot';
import { isConditionalCheckFailed } from './client';

const epoch = (d: Date) => Math.floor(d.getTime() / 1000);
/** A booking dialog left alone this long is forgotten. */
export const DIALOG_TTL_MS = 30 * 60_000;

/** The service bot's callback-booking dialogs, one versioned item per Kakao user, expiring after 30 minutes. */
export class DynamoBookingDialogStore implements BookingDialogStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async load(userId: string, now: Date): Promise<{ dialog?: BookingDialog; version: number }> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { userId }, ConsistentRead: true }));
    const item = out.Item;
    if (!item) return { version: 0 };
    const version = typeof item.version === 'number' ? item.version : 0;
    const live = typeof item.expiresAt === 'number' && item.expiresAt > epoch(now);
    const dialog = item.dialog as BookingDialog | undefined;
    return live && dialog && ['PHONE', 'TIME', 'CONFIRM'].includes(dialog.step) ? { dialog, version } : { version };
  }

  async save(userId: string, dialog: BookingDialog | undefined, expectedVersion: number, now: Date): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { userId, version: expectedVersion + 1, ...(dialog ? { dialog } : {}), expiresAt: epoch(new Date(now.getTime() + DIALOG_TTL_MS)) },
          ...(expectedVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(userId)' }
            : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectedVersion } }),
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new ConflictError('booking dialog changed');
      throw error;
    }
  }
}
