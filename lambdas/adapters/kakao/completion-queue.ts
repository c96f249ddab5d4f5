import type * as SqsSdk from '@aws-sdk/client-sqs';
import type { CompletionJob, CompletionQueue } from '@domain/kakao/ports';
import { lazy } from '../../platform/lazy';

type SqsModule = typeof SqsSdk;

/**
 * AWS: the deferred turn goes to an SQS queue (with a dead-letter queue) consumed by the worker Lambda.
 * Only turns that miss the synchronous budget are deferred, so the SQS client is loaded on the first
 * deferral, not at every cold start.
 */
export class SqsCompletionQueue implements CompletionQueue {
  readonly #sqs: () => Promise<{ client: SqsSdk.SQSClient; sdk: SqsModule }>;

  constructor(
    createClient: (sdk: SqsModule) => SqsSdk.SQSClient,
    private readonly queueUrl: string,
  ) {
    this.#sqs = lazy(async () => {
      const sdk = await import('@aws-sdk/client-sqs');
      return { client: createClient(sdk), sdk };
    });
  }

  async enqueue(job: CompletionJob): Promise<void> {
    const { client, sdk } = await this.#sqs();
    await client.send(new sdk.SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(job) }));
  }
}

/**
 * Local runtime and tests: the worker runs in this process as a background task. `idle()` resolves
 * when every job enqueued so far has finished (tests wait on it instead of sleeping).
 */
export class InProcessCompletionQueue implements CompletionQueue {
  readonly #pending = new Set<Promise<void>>();

  constructor(
    private readonly run: (job: CompletionJob) => Promise<unknown>,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  async enqueue(job: CompletionJob): Promise<void> {
    const task = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.run(job))
      .then(
        () => undefined,
        (error: unknown) => this.onError(error),
      )
      .finally(() => this.#pending.delete(task));
    this.#pending.add(task);
  }

  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }
}

/** Parses an SQS message body into a job; undefined for anything else (it goes to the DLQ after retries). */
export const parseCompletionJob = (body: string): CompletionJob | undefined => {
  try {
    const job = JSON.parse(body) as Partial<CompletionJob>;
    if (typeof job.key === 'string' && (job.profile === 'service' || job.profile === 'coaching')) return { key: job.key, profile: job.profile };
  } catch {
    // fall through
  }
  return undefined;
};
