import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CHANNELS, type Channel } from '@domain/conversation/types';
import { COUNTER_NAMES, type ApplyResult, type CounterUpdate, type StatisticsStore } from '@domain/statistics/statistics';
import { isConditionalCheckFailed } from './client';

/** Buckets per day and channel: keeps each item's dedup sets small (≈ conversations per day / 8). */
export const STATISTICS_BUCKETS = 8;

/** FNV-1a: the same owner always lands in the same bucket (its dedup set lives there). */
export const bucketOf = (owner: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < owner.length; i++) {
    h ^= owner.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % STATISTICS_BUCKETS;
};

const DAY_SECONDS = 86_400;

/**
 * Statistics table: item (statsDay, `CHANNEL#bucket`) holds counters `n_<name>` and, per owner, the
 * number set of sequences already counted (`t_<conversationId>` turns, `v_<userId>` coaching versions).
 * One UpdateItem adds the counters AND the sequence, on the condition that the sequence is not in the
 * set yet: a redelivered event fails the condition and changes nothing (no transaction needed, so it
 * works the same on dynalite). Reading a day is one Query projecting only the counters.
 */
export class DynamoStatisticsStore implements StatisticsStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly retentionDays = 400,
  ) {}

  async apply(update: CounterUpdate): Promise<ApplyResult> {
    const entries = Object.entries(update.increments).filter(([, n]) => n !== 0);
    if (entries.length === 0) return 'NOTHING';
    const names: Record<string, string> = { '#seen': `${update.ownerKind === 'conversation' ? 't_' : 'v_'}${update.owner}` };
    const values: Record<string, unknown> = {
      ':seq': new Set([update.sequence]),
      ':seqNum': update.sequence,
      ':exp': Math.floor(Date.parse(`${update.day}T00:00:00+09:00`) / 1000) + this.retentionDays * DAY_SECONDS,
    };
    const adds = entries.map(([name, n], i) => {
      names[`#c${i}`] = `n_${name}`;
      values[`:c${i}`] = n;
      return `#c${i} :c${i}`;
    });
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { statsDay: update.day, shard: `${update.channel}#${String(bucketOf(update.owner)).padStart(2, '0')}` },
          UpdateExpression: `ADD ${[...adds, '#seen :seq'].join(', ')} SET expiresAt = if_not_exists(expiresAt, :exp)`,
          ConditionExpression: 'NOT contains(#seen, :seqNum)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return 'APPLIED';
    } catch (error) {
      if (isConditionalCheckFailed(error)) return 'DUPLICATE';
      throw error;
    }
  }

  async readDay(day: string): Promise<Partial<Record<Channel, Readonly<Record<string, number>>>>> {
    const names: Record<string, string> = { '#shard': 'shard' };
    COUNTER_NAMES.forEach((n, i) => (names[`#n${i}`] = `n_${n}`));
    const out: Partial<Record<Channel, Record<string, number>>> = {};
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'statsDay = :d',
          ExpressionAttributeValues: { ':d': day },
          ProjectionExpression: Object.keys(names).join(', '),
          ExpressionAttributeNames: names,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        const channel = String(item.shard ?? '').split('#')[0] as Channel;
        if (!CHANNELS.includes(channel)) continue;
        const sums = (out[channel] ??= {});
        for (const name of COUNTER_NAMES) {
          const v = item[`n_${name}`];
          if (typeof v === 'number') sums[name] = (sums[name] ?? 0) + v;
        }
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }
}
