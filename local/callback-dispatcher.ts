import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dispatchDueCallbacks, type DispatchSummary } from '@domain/callbacks/dispatch';
import type { CallDialer } from '@domain/callbacks/ports';
import { systemClock, type Clock } from '@domain/clock';
import { RecordingDialer } from '../lambdas/adapters/connect/recording-dialer';
import { createDocumentClient } from '../lambdas/adapters/dynamodb/client';
import { DynamoCallbackCounters, DynamoCallbackRepository } from '../lambdas/adapters/dynamodb/callback-store';
import { loadCallbackRules, type CallbackRules } from '../lambdas/callback-scheduler/config';

/**
 * The callback dispatcher of `npm start`: the same domain run the scheduled Lambda does, on a timer,
 * with a dialer that records the calls instead of placing them (default). Runs never overlap.
 */
export interface LocalDispatcherOptions {
  /** Time between runs (the Lambda runs every minute; locally shorter is handier). */
  readonly intervalMs?: number;
  readonly dialer?: CallDialer;
  readonly clock?: Clock;
  /** Table and rules; default: read from the environment like the Lambda. */
  readonly rules?: CallbackRules;
  readonly doc?: DynamoDBDocumentClient;
  /** Called after each run (console, tests). */
  readonly onRun?: (summary: DispatchSummary) => void;
  readonly onError?: (error: unknown) => void;
}

export interface LocalDispatcher {
  readonly dialer: CallDialer;
  /** One run now (waits for a run in progress first). */
  runOnce(): Promise<DispatchSummary>;
  stop(): Promise<void>;
}

export const startLocalDispatcher = (options: LocalDispatcherOptions = {}): LocalDispatcher => {
  const rules = options.rules ?? loadCallbackRules();
  const ownDoc = options.doc ? undefined : createDocumentClient();
  const doc = options.doc ?? (ownDoc as DynamoDBDocumentClient);
  const clock = options.clock ?? systemClock;
  const dialer = options.dialer ?? new RecordingDialer({ clock });
  const counters = new DynamoCallbackCounters(doc, rules.tableName, clock);
  const deps = {
    repository: new DynamoCallbackRepository(doc, rules.tableName, clock),
    rateLimiter: counters,
    dialer,
    calendar: rules.calendar,
    clock,
    policy: rules.policy,
  };

  let running: Promise<DispatchSummary> | undefined;
  const runOnce = async (): Promise<DispatchSummary> => {
    while (running) await running.catch(() => undefined);
    running = dispatchDueCallbacks(deps);
    try {
      const summary = await running;
      options.onRun?.(summary);
      return summary;
    } finally {
      running = undefined;
    }
  };

  const intervalMs = options.intervalMs ?? 15_000;
  const timer = setInterval(() => {
    if (running) return;
    runOnce().catch((error: unknown) => options.onError?.(error));
  }, intervalMs);
  timer.unref();

  return {
    dialer,
    runOnce,
    stop: async () => {
      clearInterval(timer);
      await running?.catch(() => undefined);
      ownDoc?.destroy();
    },
  };
};
