import { NodeHttpHandler } from '@smithy/node-http-handler';

export interface TimeoutOptions {
  /** Longest wait for the TCP/TLS connection: a host that does not answer fails this fast and is retried */
  readonly connectionTimeoutMs: number;
  /** Longest time for the whole request and response, after which the call fails with a TimeoutError */
  readonly requestTimeoutMs: number;
}

/**
 * The request handler of every AWS SDK client on a latency path: HTTP/1.1 with both timeouts
 * actually enforced. Two traps of the SDK's defaults, both silent:
 * - `requestTimeout` alone only logs a warning when it is exceeded (the handler's
 *   `throwOnRequestTimeout` opt-in), so a DynamoDB or Connect endpoint that accepts a request and
 *   never answers would hold the call until the Lambda itself times out;
 * - Bedrock Runtime and Lex Runtime V2 default to an HTTP/2 handler (for bidirectional streams we
 *   never open) that has no connection timeout at all. Converse and RecognizeText are ordinary
 *   request/response calls over HTTP/1.1 keep-alive.
 * Callers still pass their own deadline (abort signal) where a budget is shorter than the retries.
 */
export const timedHttpHandler = ({ connectionTimeoutMs, requestTimeoutMs }: TimeoutOptions): NodeHttpHandler =>
  new NodeHttpHandler({ connectionTimeout: connectionTimeoutMs, requestTimeout: requestTimeoutMs, throwOnRequestTimeout: true });
