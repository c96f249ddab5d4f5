import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { errorName } from '@domain/errors';
import { countCoaching, countTurn, type StatisticsStore } from '@domain/statistics/statistics';
import { createDocumentClient } from '../adapters/dynamodb/client';
import { turnFactFromItem } from '../adapters/dynamodb/conversation-store';
import { coachingFactFromImages } from '../adapters/dynamodb/statistics-hooks';
import { DynamoStatisticsStore } from '../adapters/dynamodb/statistics-store';
import { configSchema, loadConfig, tableVar } from '../platform/config';
import { createInstrumentation, MetricUnit, wrapHandler } from '../platform/instrumentation';

/**
 * statistics-aggregator: DynamoDB Streams consumer of the conversations table (each new turn) and
 * the coaching sessions table (crisis detections), updating the daily counters with the same use
 * cases the local runtime calls in-process. This keeps the chatbot at two requests per turn.
 * Idempotent per turn / session version (a redelivered record is counted once); a record that
 * fails is reported as a batch item failure so only it and later records are retried, and after
 * the retries the event source mapping sends it to the dead-letter queue.
 */
const config = loadConfig(configSchema({ STATISTICS_TABLE: tableVar() }));
const instrumentation = createInstrumentation('statistics-aggregator');
const { logger, metrics } = instrumentation;

type Image = Record<string, AttributeValue>;
const image = (value: unknown): Record<string, unknown> | undefined => (value && typeof value === 'object' ? unmarshall(value as Image) : undefined);

export const aggregate = async (event: DynamoDBStreamEvent, store: StatisticsStore): Promise<DynamoDBBatchResponse> => {
  const failures: DynamoDBBatchResponse['batchItemFailures'] = [];
  let counted = 0;
  let duplicates = 0;
  for (const record of event.Records ?? []) {
    if (record.eventName === 'REMOVE') continue;
    const next = image(record.dynamodb?.NewImage);
    if (!next) continue;
    try {
      let result: string = 'NOTHING';
      if (typeof next.conversationId === 'string' && typeof next.turn === 'number') {
        // Turns are written once (conditional put); a MODIFY would be a repair, never a new turn.
        if (record.eventName !== 'INSERT') continue;
        const fact = turnFactFromItem(next);
        if (fact) result = await countTurn(fact, store);
      } else if (typeof next.userId === 'string' && next.session) {
        const fact = coachingFactFromImages(image(record.dynamodb?.OldImage), next);
        if (fact) result = await countCoaching(fact, store);
      }
      if (result === 'APPLIED') counted++;
      if (result === 'DUPLICATE') duplicates++;
    } catch (error) {
      logger.error('statistics record failed', { errorName: errorName(error), sequence: record.dynamodb?.SequenceNumber });
      // Streams keep order per shard: report this one; the mapping retries from it.
      failures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
      break;
    }
  }
  if (counted > 0) metrics.addMetric('StatisticsCounted', MetricUnit.Count, counted);
  if (duplicates > 0) metrics.addMetric('StatisticsDuplicateSkipped', MetricUnit.Count, duplicates);
  return { batchItemFailures: failures };
};

const store = new DynamoStatisticsStore(createDocumentClient({ requestTimeoutMs: 3000, maxAttempts: 3 }), config.STATISTICS_TABLE);

export const handler = wrapHandler((event: DynamoDBStreamEvent, _context: Context) => aggregate(event, store), instrumentation);
