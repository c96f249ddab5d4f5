// First: stack traces of the bundle name our TypeScript files (the hook must be set before anything throws).
import './stack-traces';
import { LogFormatter, LogItem, Logger } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { maskFreeText, maskPii } from '@domain/pii';
import { traceInvocation } from './tracing';

/** Metric namespace and naming convention: PascalCase noun + past-tense verb (`CustomerLookupFailed`). */
export { METRIC_NAMESPACE } from './metric-names';
import { METRIC_NAMESPACE } from './metric-names';
export { MetricUnit };

/** Powertools' standard JSON layout with every message and extra attribute passed through the PII mask. */
export class MaskingLogFormatter extends LogFormatter {
  override formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    return new LogItem({
      attributes: {
        level: attributes.logLevel,
        message: maskFreeText(attributes.message),
        timestamp: this.formatTimestamp(attributes.timestamp),
        service: attributes.serviceName,
        cold_start: attributes.lambdaContext?.coldStart,
        function_name: attributes.lambdaContext?.functionName,
        function_request_id: attributes.lambdaContext?.awsRequestId,
        xray_trace_id: attributes.xRayTraceId,
      },
    }).addAttributes(maskPii(additional) as LogAttributes);
  }
}

export interface Instrumentation {
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** The X-Ray `Service` annotation (tracing.ts), same name as the logs' `service` and the metrics' `service` dimension. */
  readonly serviceName: string;
}

/** One place sets the service name, namespace and default dimensions for every Lambda. */
export const createInstrumentation = (serviceName: string): Instrumentation => {
  const stage = process.env.STAGE ?? 'local';
  return {
    logger: new Logger({ serviceName, logFormatter: new MaskingLogFormatter(), persistentKeys: { stage } }),
    metrics: new Metrics({ namespace: METRIC_NAMESPACE, serviceName, defaultDimensions: { stage } }),
    serviceName,
  };
};

type Handler<E, R> = (event: E, context: Context) => Promise<R>;

/**
 * The middy stack every handler gets: Lambda context in logs, metrics flushed, and the handler
 * itself traced (a `## handler` X-Ray subsegment when Lambda sampled the invocation; see tracing.ts).
 */
export const wrapHandler = <E, R>(fn: Handler<E, R>, { logger, metrics, serviceName }: Instrumentation) =>
  middy(traceInvocation(serviceName, fn))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
