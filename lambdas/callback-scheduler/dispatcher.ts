import type { Context } from 'aws-lambda';
import { dispatchDueCallbacks, type DispatchDeps, type DispatchSummary } from '@domain/callbacks/dispatch';
import { recordOutcome } from '@domain/callbacks/lifecycle';
import type { CallDialer } from '@domain/callbacks/ports';
import { systemClock } from '@domain/clock';
import { errorName } from '@domain/errors';
import { readContactEvent, isContactEvent } from '../adapters/connect/contact-events';
import { SSMClient } from '@aws-sdk/client-ssm';
import { ParameterizedConnectDialer, SsmConnectTargets } from '../adapters/connect/connect-targets';
import { ConnectCallDialer, createConnectClient } from '../adapters/connect/outbound-dialer';
import { RecordingDialer } from '../adapters/connect/recording-dialer';
import { createDocumentClient } from '../adapters/dynamodb/client';
import { DynamoCallbackCounters, DynamoCallbackRepository } from '../adapters/dynamodb/callback-store';
import { choiceVar, configSchema, intVar, loadConfig, optionalVar } from '../platform/config';
import { createInstrumentation, MetricUnit, wrapHandler } from '../platform/instrumentation';
import { timedHttpHandler } from '../platform/http-handler';
import { traceClient } from '../platform/tracing';
import { loadCallbackRules } from './config';

/**
 * callback-dispatcher: the EventBridge side of callbacks.
 * - `Scheduled Event` (every minute): one dispatcher run (reap lapsed leases, claim and dial due
 *   callbacks within the dial rate).
 * - `Amazon Connect Contact Event`: the result of an outbound attempt (connected, busy, no answer...).
 *
 * Why an EventBridge *rule* with `rate(1 minute)` and not EventBridge Scheduler: the dispatcher is a
 * sweep over the status + due-time index, not one timer per callback. One-off Scheduler schedules per
 * callback would have to be deleted and recreated on every cancel, retry and roll-over, and would
 * duplicate the state the table already holds; a recurring Scheduler schedule would only add a role
 * and a resource for the same 1-minute granularity. The rule costs nothing, keeps the table the single
 * source of truth, and a missed or doubled tick is harmless (claims are conditional, tokens idempotent).
 */
const rules = loadCallbackRules();
/**
 * The Connect targets come either as explicit ids (a Connect instance managed outside this project)
 * or, by default, from the SSM parameters the contact-center stack publishes (CONNECT_PARAMETERS_PATH).
 */
const connectConfig = loadConfig(
  configSchema(
    {
      CALLBACK_DIALER: choiceVar(['connect', 'recording'], 'connect'),
      CONNECT_INSTANCE_ID: optionalVar(),
      OUTBOUND_CONTACT_FLOW_ID: optionalVar(),
      CALLBACK_QUEUE_ID: optionalVar(),
      CONNECT_PARAMETERS_PATH: optionalVar({ pattern: /^\/[\w./-]+[^/]$/, message: 'must be an SSM path such as /aicc/dev/connect' }),
      OUTBOUND_SOURCE_PHONE: optionalVar(),
      CONNECT_TIMEOUT_MS: intVar(3000, 500, 10_000),
      CALLBACK_RECORDING_FILE: optionalVar(),
    },
    {
      holds: (c) =>
        c.CALLBACK_DIALER === 'recording' ||
        Boolean(c.CONNECT_PARAMETERS_PATH) ||
        Boolean(c.CONNECT_INSTANCE_ID && c.OUTBOUND_CONTACT_FLOW_ID && c.CALLBACK_QUEUE_ID),
      message: 'set CONNECT_PARAMETERS_PATH, or all of CONNECT_INSTANCE_ID, OUTBOUND_CONTACT_FLOW_ID and CALLBACK_QUEUE_ID',
    },
  ),
);

const instrumentation = createInstrumentation('callback-dispatcher');
const { logger, metrics } = instrumentation;

export type DispatcherResult =
  | ({ readonly kind: 'dispatch' } & DispatchSummary)
  | { readonly kind: 'outcome'; readonly status: string; readonly callbackId?: string }
  | { readonly kind: 'ignored'; readonly reason: string }
  | { readonly kind: 'error'; readonly reason: string };

export const handleDispatcherEvent = async (event: unknown, deps: DispatchDeps): Promise<DispatcherResult> => {
  if (isContactEvent(event)) {
    const report = readContactEvent(event);
    if (!report) return { kind: 'ignored', reason: 'NOT_AN_ATTEMPT_RESULT' };
    try {
      const out = await recordOutcome({ contactId: report.contactId, outcome: report.outcome, by: 'connect', detail: report.detail }, deps);
      if (out.status === 'COMPLETED') metrics.addMetric('CallbackConnected', MetricUnit.Count, 1);
      if (out.status === 'FAILED') metrics.addMetric('CallbackFailed', MetricUnit.Count, 1);
      if (out.status === 'RETRY_SCHEDULED') metrics.addMetric('CallbackRetryScheduled', MetricUnit.Count, 1);
      logger.info('contact event applied', { outcome: report.outcome, detail: report.detail, status: out.status, callbackId: out.callback?.callbackId });
      return { kind: 'outcome', status: out.status, callbackId: out.callback?.callbackId };
    } catch (error) {
      // Rethrowing would make EventBridge retry; the lease reaper also covers a lost result, so log and move on.
      logger.error('contact event failed', { errorName: errorName(error), error: error as Error });
      return { kind: 'error', reason: errorName(error) };
    }
  }
  try {
    const summary = await dispatchDueCallbacks(deps);
    metrics.addMetric('CallbackDialed', MetricUnit.Count, summary.dialed);
    metrics.addMetric('CallbackFailed', MetricUnit.Count, summary.failed);
    if (summary.deferred) metrics.addMetric('CallbackDialDeferred', MetricUnit.Count, summary.deferred);
    if (summary.requeued + summary.timedOut) metrics.addMetric('CallbackLeaseExpired', MetricUnit.Count, summary.requeued + summary.timedOut);
    // Deferred (Connect throttled or unreachable) and failed dials are what an operator must see.
    if (summary.deferred || summary.failed) logger.warn('dispatcher run with deferred or failed dials', { ...summary, dialedCallbackIds: undefined });
    else logger.info('dispatcher run', { ...summary, dialedCallbackIds: undefined });
    return { kind: 'dispatch', ...summary };
  } catch (error) {
    logger.error('dispatcher run failed', { errorName: errorName(error), error: error as Error });
    return { kind: 'error', reason: errorName(error) };
  }
};

const createDialer = (): CallDialer => {
  if (connectConfig.CALLBACK_DIALER === 'recording') return new RecordingDialer({ file: connectConfig.CALLBACK_RECORDING_FILE });
  const client = createConnectClient({ requestTimeoutMs: connectConfig.CONNECT_TIMEOUT_MS });
  const { CONNECT_INSTANCE_ID: instanceId, OUTBOUND_CONTACT_FLOW_ID: contactFlowId, CALLBACK_QUEUE_ID: queueId } = connectConfig;
  if (instanceId && contactFlowId && queueId) {
    return new ConnectCallDialer(client, { instanceId, contactFlowId, queueId, sourcePhoneNumber: connectConfig.OUTBOUND_SOURCE_PHONE });
  }
  const ssm = new SSMClient({
    region: process.env.AWS_REGION ?? 'ap-northeast-2',
    maxAttempts: 2,
    requestHandler: timedHttpHandler({ requestTimeoutMs: connectConfig.CONNECT_TIMEOUT_MS, connectionTimeoutMs: 1000 }),
  });
  return new ParameterizedConnectDialer(client, new SsmConnectTargets(traceClient(ssm), connectConfig.CONNECT_PARAMETERS_PATH ?? '', connectConfig.OUTBOUND_SOURCE_PHONE));
};
const dialer = createDialer();

const doc = createDocumentClient();
const counters = new DynamoCallbackCounters(doc, rules.tableName, systemClock);
const deps: DispatchDeps = {
  repository: new DynamoCallbackRepository(doc, rules.tableName, systemClock),
  rateLimiter: counters,
  dialer,
  calendar: rules.calendar,
  clock: systemClock,
  policy: rules.policy,
};

export const handler = wrapHandler((event: unknown, _context: Context) => handleDispatcherEvent(event, deps), instrumentation);
