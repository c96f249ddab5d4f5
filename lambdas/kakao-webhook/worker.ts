import type { Context, SQSBatchResponse } from 'aws-lambda';
import { errorName } from '@domain/errors';
import { parseCompletionJob } from '../adapters/kakao/completion-queue';
import { createInstrumentation, MetricUnit, wrapHandler } from '../platform/instrumentation';
import { createKakaoApp, loadKakaoConfig, type KakaoApp } from './dependencies';

/**
 * kakao-webhook async worker: consumes deferred turns from SQS, runs each once (claimed with a
 * conditional write) and POSTs the reply to Kakao's callback URL within the 55 s window. A record
 * whose claim failed on an error is reported back for redelivery; unreadable ones go to the DLQ.
 */
const instrumentation = createInstrumentation('kakao-webhook-worker');
const { logger, metrics } = instrumentation;

interface SqsRecordLike {
  readonly messageId?: string;
  readonly body?: string;
}

export const processCompletions = async (event: unknown, app: KakaoApp): Promise<SQSBatchResponse> => {
  const records: SqsRecordLike[] = Array.isArray((event as { Records?: unknown })?.Records) ? (event as { Records: SqsRecordLike[] }).Records : [];
  const failures: { itemIdentifier: string }[] = [];
  for (const record of records) {
    const job = parseCompletionJob(record.body ?? '');
    if (!job) {
      metrics.addMetric('KakaoCompletionUnreadable', MetricUnit.Count, 1);
      if (record.messageId) failures.push({ itemIdentifier: record.messageId });
      continue;
    }
    try {
      const outcome = await app.service.complete(job);
      logger.info('kakao completion finished', { profile: job.profile, outcome });
    } catch (error) {
      logger.error('kakao completion failed; will be redelivered', { errorName: errorName(error) });
      if (record.messageId) failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
};

const app = createKakaoApp(loadKakaoConfig(), instrumentation);

export const handler = wrapHandler((event: unknown, _context: Context) => processCompletions(event, app), instrumentation);
