import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { CompletionJob, CompletionQueue } from '@domain/kakao/ports';

/** AWS: the deferred turn goes to an SQS queue (with a dead-letter queue) consumed by the worker Lambda. */
export class SqsCompletionQueue implements CompletionQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(job: CompletionJob): Promise<void> {
    await this.sqs.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(job) }));
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
