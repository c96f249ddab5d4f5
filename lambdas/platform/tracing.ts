import { AsyncLocalStorage } from 'node:async_hooks';
import type { BuildHandlerArguments, BuildHandlerOutput, BuildMiddleware, HandlerExecutionContext, MetadataBearer } from '@smithy/types';
// Relative, not @domain/pii: the int harness's global setup loads this (through the DynamoDB client) outside jest's module mapper.
import { maskFreeText } from '../domain/pii';
import { clip, createUdpEmitter, epochSeconds, newSegmentId, type ExceptionDocument, type SegmentEmitter, type SubsegmentDocument } from './xray-emitter';

/**
 * X-Ray tracing without the X-Ray SDK. With active tracing, Lambda itself records the function's
 * segments and hands each invocation a trace header; we add, when that invocation is sampled:
 *  - one `## <handler>` subsegment (annotations ColdStart and Service, fault + masked cause on a throw);
 *  - one subsegment per AWS SDK call made during it (`traceClient`), with operation, region, request
 *    id, retries, status and error/throttle/fault flags, so the trace map shows DynamoDB, Bedrock...
 * Nothing is emitted for an unsampled invocation, without a trace header (local runtime, tests,
 * sam local) or with tracing switched off (POWERTOOLS_TRACE_ENABLED=false, AWS_XRAY_SDK_ENABLED=false).
 */

export interface TraceHeader {
  /** `1-xxxxxxxx-yyyyyyyyyyyyyyyyyyyyyyyy` */
  readonly root: string;
  /** The id of the segment the Lambda service opened for this function invocation. */
  readonly parent?: string;
  readonly sampled: boolean;
  /** Other fields (`Lineage=...`, Lambda's loop detection) passed on unchanged to downstream calls. */
  readonly extra: readonly string[];
}

const ROOT = /^1-[0-9a-f]{8}-[0-9a-f]{24}$/;
const SEGMENT_ID = /^[0-9a-f]{16}$/;

/** `Root=1-...;Parent=...;Sampled=1[;Lineage=...]`; undefined when there is no valid root. */
export const parseTraceHeader = (raw: string | undefined): TraceHeader | undefined => {
  if (!raw) return undefined;
  let root: string | undefined;
  let parent: string | undefined;
  let sampled = false;
  const extra: string[] = [];
  for (const field of raw.split(';')) {
    const part = field.trim();
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim();
    if (key === 'root') root = value;
    else if (key === 'parent') parent = value;
    else if (key === 'sampled') sampled = value === '1';
    else extra.push(part);
  }
  if (!root || !ROOT.test(root)) return undefined;
  return { root, ...(parent && SEGMENT_ID.test(parent) ? { parent } : {}), sampled, extra };
};

/** Lambda's per-invocation header: the runtime's InvokeStore (concurrent invocations) first, then the env var. */
export const currentTraceHeader = (): string | undefined => {
  const store = (globalThis as { awslambda?: { InvokeStore?: { getXRayTraceId?: () => string | undefined } } }).awslambda?.InvokeStore;
  return store?.getXRayTraceId?.() || process.env._X_AMZN_TRACE_ID || undefined;
};

const OFF = new Set(['false', '0', 'no', 'off']);

export const isTracingEnabled = (env: NodeJS.ProcessEnv = process.env): boolean =>
  !OFF.has((env.POWERTOOLS_TRACE_ENABLED ?? '').trim().toLowerCase()) &&
  !OFF.has((env.AWS_XRAY_SDK_ENABLED ?? '').trim().toLowerCase()) &&
  env.AWS_SAM_LOCAL !== 'true';

interface Invocation {
  readonly traceId: string;
  /** The handler subsegment: parent of every SDK subsegment of this invocation. */
  readonly id: string;
  readonly extra: readonly string[];
  readonly emitter: SegmentEmitter;
}

/** Per invocation, so concurrent invocations in one process (or the local runtime) never mix. Only entered when sampled. */
const invocations = new AsyncLocalStorage<Invocation>();

let defaultEmitter: SegmentEmitter | undefined;
const emitter = (): SegmentEmitter => (defaultEmitter ??= createUdpEmitter());

const exception = (error: unknown, remote: boolean): ExceptionDocument => {
  const name = error instanceof Error ? error.name : typeof error;
  const message = error instanceof Error ? error.message : '';
  return { id: newSegmentId(), type: clip(name, 100), message: clip(maskFreeText(message)), ...(remote ? { remote: true } : {}) };
};

/** Provisioned concurrency and SnapStart initialise ahead of the first request: no cold start seen by a caller. */
const onDemandInit = (): boolean => {
  const type = process.env.AWS_LAMBDA_INITIALIZATION_TYPE?.trim();
  return !type || type === 'on-demand';
};

/**
 * Wraps a handler: when the invocation is sampled, its work runs inside a `## <handler>` subsegment
 * (child of Lambda's function segment), sent once the handler settles. The reply never waits for it.
 */
export const traceInvocation = <A extends unknown[], R>(serviceName: string, fn: (...args: A) => Promise<R>): ((...args: A) => Promise<R>) => {
  let coldStart = onDemandInit();
  return async (...args: A): Promise<R> => {
    const cold = coldStart;
    coldStart = false;
    const header = isTracingEnabled() ? parseTraceHeader(currentTraceHeader()) : undefined;
    if (!header?.sampled || !header.parent) return fn(...args);

    const invocation: Invocation = { traceId: header.root, id: newSegmentId(), extra: header.extra, emitter: emitter() };
    const doc: SubsegmentDocument = {
      name: clip(`## ${process.env._HANDLER ?? 'handler'}`, 200),
      id: invocation.id,
      trace_id: header.root,
      parent_id: header.parent,
      type: 'subsegment',
      start_time: epochSeconds(),
      end_time: 0,
      annotations: { ColdStart: cold, Service: clip(serviceName) },
    };
    try {
      return await invocations.run(invocation, () => fn(...args));
    } catch (error) {
      doc.fault = true;
      doc.cause = { exceptions: [exception(error, false)] };
      throw error;
    } finally {
      doc.end_time = epochSeconds();
      invocation.emitter.send(doc);
    }
  };
};

const MIDDLEWARE_NAME = 'aiccXRaySubsegment';
const THROTTLING = new Set([
  'ThrottlingException',
  'ThrottledException',
  'Throttling',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'TransactionInProgressException',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'EC2ThrottledException',
  'PriorRequestNotComplete',
]);

interface SdkError {
  readonly name?: string;
  readonly $metadata?: MetadataBearer['$metadata'];
  readonly $retryable?: { throttling?: boolean };
}

/** Data worth a glance in the trace and cheap to take from the input: which table or queue. */
const resourceOf = (input: unknown): Record<string, string | string[]> => {
  if (!input || typeof input !== 'object') return {};
  const { TableName, QueueUrl, RequestItems } = input as { TableName?: unknown; QueueUrl?: unknown; RequestItems?: unknown };
  if (typeof TableName === 'string') return { table_name: clip(TableName) };
  if (RequestItems && typeof RequestItems === 'object') return { table_names: Object.keys(RequestItems).map((t) => clip(t)) };
  if (typeof QueueUrl === 'string') return { queue_url: clip(QueueUrl) };
  return {};
};

const regionOf = async (region: unknown): Promise<string | undefined> => {
  try {
    const value: unknown = typeof region === 'function' ? await (region as () => unknown)() : region;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
};

const subsegmentMiddleware =
  (config: { region?: unknown }): BuildMiddleware<object, object> =>
  (next, context: HandlerExecutionContext) =>
  async (args: BuildHandlerArguments<object>): Promise<BuildHandlerOutput<object>> => {
    const invocation = invocations.getStore();
    if (!invocation) return next(args);

    const service = (context.clientName ?? 'AWS').replace(/Client$/, '');
    const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
    const id = newSegmentId();
    const start = epochSeconds();
    const request = args.request as { headers?: Record<string, string> } | undefined;
    if (request?.headers) {
      // Downstream services link their segments to this call; Lineage (loop detection) passes through.
      request.headers['X-Amzn-Trace-Id'] = [`Root=${invocation.traceId}`, `Parent=${id}`, 'Sampled=1', ...invocation.extra].join(';');
    }
    let output: BuildHandlerOutput<object> | undefined;
    let failure: unknown;
    try {
      output = await next(args);
      return output;
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      const end = epochSeconds();
      void regionOf(config.region).then((region) => {
        const sdkError = failure as SdkError | undefined;
        const metadata = (output?.output as MetadataBearer | undefined)?.$metadata ?? sdkError?.$metadata;
        const status = metadata?.httpStatusCode ?? (output?.response as { statusCode?: number } | undefined)?.statusCode;
        const length = Number((output?.response as { headers?: Record<string, string> } | undefined)?.headers?.['content-length']);
        const doc: SubsegmentDocument = {
          name: clip(service, 200),
          id,
          trace_id: invocation.traceId,
          parent_id: invocation.id,
          type: 'subsegment',
          namespace: 'aws',
          start_time: start,
          end_time: end,
          aws: {
            operation: clip(operation),
            ...(region ? { region } : {}),
            ...(metadata?.requestId ? { request_id: clip(metadata.requestId) } : {}),
            retries: Math.max(0, (metadata?.attempts ?? 1) - 1),
            ...resourceOf(args.input),
          },
          ...(status ? { http: { response: { status, ...(Number.isFinite(length) ? { content_length: length } : {}) } } } : {}),
        };
        if (failure !== undefined) {
          const throttled = status === 429 || sdkError?.$retryable?.throttling === true || THROTTLING.has(sdkError?.name ?? '');
          if (throttled) doc.throttle = true;
          // 4xx: the caller's error; 5xx or no answer at all (timeout, connection refused): a fault.
          if (status !== undefined && status >= 400 && status < 500) doc.error = true;
          else doc.fault = true;
          doc.cause = { exceptions: [exception(failure, true)] };
        }
        invocation.emitter.send(doc);
      }, () => undefined);
    }
  };

/** What `traceClient` needs of an AWS SDK v3 client (every generated client and the DynamoDB document client). */
export interface TraceableClient {
  readonly config: { region?: unknown };
  // Each client's `add` is typed for its own commands; any of them accepts our input-agnostic middleware.
  readonly middlewareStack: { add: (...args: never[]) => void; remove(name: string): boolean };
}

interface BuildStepStack {
  add(middleware: BuildMiddleware<object, object>, options: { step: 'build'; name: string; priority: 'high'; override: true }): void;
  remove(name: string): boolean;
}

/**
 * Records one subsegment per SDK call made during a sampled invocation. Sits in the build step,
 * outside the retry loop (finalizeRequest), so a call with retries is one subsegment with `retries`;
 * idempotent (applying it twice leaves one middleware). Returns the client for one-line use.
 */
export const traceClient = <C extends TraceableClient>(client: C): C => {
  const stack = client.middlewareStack as unknown as BuildStepStack;
  stack.remove(MIDDLEWARE_NAME);
  stack.add(subsegmentMiddleware(client.config), { step: 'build', name: MIDDLEWARE_NAME, priority: 'high', override: true });
  return client;
};
