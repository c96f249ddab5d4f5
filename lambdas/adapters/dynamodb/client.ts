import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
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

export const createDocumentClient = (options: DynamoClientOptions = {}): DynamoDBDocumentClient => {
  const endpoint = options.endpoint ?? process.env.DYNAMODB_ENDPOINT;
  const client = new DynamoDBClient({
    region: options.region ?? process.env.AWS_REGION ?? 'ap-northeast-2',
    maxAttempts: options.maxAttempts ?? 2,
    requestHandler: { requestTimeout: options.requestTimeoutMs ?? 1500, connectionTimeout: 500 },
    ...(endpoint
      ? { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });
  return DynamoDBDocumentClient.from(traceClient(client), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
};

export const isConditionalCheckFailed = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';
