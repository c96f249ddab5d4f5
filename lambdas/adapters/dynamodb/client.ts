import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { wallClockMs } from '../../domain/clock';
import { timedHttpHandler } from '../../platform/http-handler';
import { traceClient } from '../../platform/tracing';

/**
 * One DynamoDB document client per process, created at module scope by the caller.
 * Timeouts are explicit because every caller sits on a latency budget (Connect 8 s, Kakao 5 s):
 * a slow request fails fast and the handler answers with its fallback.
 * `DYNAMODB_ENDPOINT` points the same code at the local store (npm start, tests, sam local).
 */
export interface DynamoClientOptions {
  readonly endpoint?: string;
  readonly region?: string;
  readonly requestTimeoutMs?: number;
  readonly maxAttempts?: number;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * The local store (dynalite) requires a well-formed SigV4 Authorization header but never verifies
 * it: signing every request with the fixed local credentials is pure cost (about a fifth of the
 * client's CPU per request). Local requests carry a fixed header of the same shape instead.
 * AWS requests (no endpoint override) are signed as always.
 */
const unverifiedLocalAuth = (region: string): NonNullable<DynamoDBClientConfig['httpAuthSchemes']> => [
  {
    schemeId: 'aws.auth#sigv4',
    identityProvider: () => async () => ({ ...LOCAL_CREDENTIALS, expiration: new Date(8.64e15) }),
    signer: {
      sign: async (request) => {
        const date = new Date(wallClockMs()).toISOString().replace(/[-:]|\.\d{3}/g, '');
        request.headers['x-amz-date'] = date;
        request.headers.authorization = `AWS4-HMAC-SHA256 Credential=local/${date.slice(0, 8)}/${region}/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=unverified`;
        return request;
      },
    },
  },
];

/** A request handler for a store living in this process: the part of the SDK's HttpHandler shape the client uses. */
export interface InProcessRequestHandler {
  handle(
    request: { readonly method: string; readonly path: string; readonly query?: Record<string, string | string[] | null>; readonly headers: Record<string, string>; readonly body?: unknown },
    options?: { readonly abortSignal?: { readonly aborted?: boolean } },
  ): Promise<{ response: { statusCode: number; reason?: string; headers: Record<string, string>; body: unknown } }>;
  updateHttpClientConfig(): void;
  httpHandlerConfigs(): Record<string, never>;
  destroy(): void;
}

/**
 * Stores reachable without a network hop, by endpoint: the local runtime registers its store
 * thread here (`local/store.ts`), so the Lambdas it runs in-process skip the loopback TCP round
 * trip. Never populated in AWS.
 */
const inProcessStores = new Map<string, (requestTimeoutMs: number) => InProcessRequestHandler>();

export const registerInProcessStore = (endpoint: string, transport: (requestTimeoutMs: number) => InProcessRequestHandler): (() => void) => {
  inProcessStores.set(endpoint, transport);
  return () => {
    if (inProcessStores.get(endpoint) === transport) inProcessStores.delete(endpoint);
  };
};

export const createDocumentClient = (options: DynamoClientOptions = {}): DynamoDBDocumentClient => {
  const endpoint = options.endpoint ?? process.env.DYNAMODB_ENDPOINT;
  const region = options.region ?? process.env.AWS_REGION ?? 'ap-northeast-2';
  const client = new DynamoDBClient({
    region,
    maxAttempts: options.maxAttempts ?? 2,
    requestHandler:
      (endpoint && (inProcessStores.get(endpoint)?.(options.requestTimeoutMs ?? 1500) as DynamoDBClientConfig['requestHandler'])) ||
      timedHttpHandler({ requestTimeoutMs: options.requestTimeoutMs ?? 1500, connectionTimeoutMs: 500 }),
    ...(endpoint ? { endpoint, credentials: LOCAL_CREDENTIALS, httpAuthSchemes: unverifiedLocalAuth(region) } : {}),
  });
  return DynamoDBDocumentClient.from(traceClient(client), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
};

export const isConditionalCheckFailed = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';
