import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import * as lexSdk from '@aws-sdk/client-lex-runtime-v2';
import { StartOutboundVoiceContactCommand } from '@aws-sdk/client-connect';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createConnectClient } from '../../../lambdas/adapters/connect/outbound-dialer';
import { createDocumentClient } from '../../../lambdas/adapters/dynamodb/client';
import { createBedrockClient as createNluClient } from '../../../lambdas/adapters/bedrock/intent-classifier';
import { createLexClient } from '../../../lambdas/adapters/lex/intent-classifier';
import { createBedrockClient as createLlmClient } from '../../../lambdas/adapters/llm/bedrock';

const { RecognizeTextCommand } = lexSdk;

/**
 * The SDK's handlers fail silently on timeouts: `requestTimeout` alone only logs a warning, and
 * Bedrock Runtime and Lex Runtime V2 default to an HTTP/2 handler without a connection timeout.
 * Every client we build must give up on a local server that accepts the request and never answers
 * after its request timeout, not after the caller's whole budget (or the Lambda's).
 */
let server: Server;
let endpoint: string;
const received: string[] = [];
const saved = { ...process.env };

beforeAll(async () => {
  server = createServer((req) => {
    received.push(`${req.method} ${req.url} HTTP/${req.httpVersion}`);
    // Never answers.
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: 'AKIDTEST',
    AWS_SECRET_ACCESS_KEY: 'test-secret',
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: endpoint,
    AWS_ENDPOINT_URL_LEX_RUNTIME_V2: endpoint,
  });
});

afterAll(async () => {
  process.env = saved;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received.length = 0;
});

const converse = new ConverseCommand({ modelId: 'test-model', messages: [{ role: 'user', content: [{ text: '안녕하세요' }] }] });
const recognize = new RecognizeTextCommand({ botId: 'BOT', botAliasId: 'ALIAS', localeId: 'ko_KR', sessionId: 'session-1', text: '안녕하세요' });

interface SdkClient {
  send(command: unknown): Promise<unknown>;
  readonly config: { readonly requestHandler: unknown };
  destroy(): void;
}

const cases: { name: string; client: () => SdkClient; command: unknown; connectionTimeout: number }[] = [
  { name: 'DynamoDB', client: () => createDocumentClient({ endpoint, requestTimeoutMs: 300, maxAttempts: 1 }), command: new GetCommand({ TableName: 't', Key: { id: '1' } }), connectionTimeout: 500 },
  {
    name: 'Connect',
    client: () => createConnectClient({ endpoint, region: 'ap-northeast-2', requestTimeoutMs: 300, maxAttempts: 1 }),
    command: new StartOutboundVoiceContactCommand({ InstanceId: 'i', ContactFlowId: 'f', DestinationPhoneNumber: '+821012345678' }),
    connectionTimeout: 1000,
  },
  { name: 'Bedrock (intent classification)', client: () => createNluClient({ region: 'ap-northeast-2', requestTimeoutMs: 300, maxAttempts: 1 }), command: converse, connectionTimeout: 300 },
  { name: 'Bedrock (coaching model)', client: () => createLlmClient({ region: 'ap-northeast-2', requestTimeoutMs: 300, maxAttempts: 1 }), command: converse, connectionTimeout: 1000 },
  { name: 'Lex', client: () => createLexClient(lexSdk, { region: 'ap-northeast-2', requestTimeoutMs: 300, maxAttempts: 1 }), command: recognize, connectionTimeout: 300 },
];

describe.each(cases)('$name client', ({ client, command, connectionTimeout }) => {
  it('gives up on an endpoint that never answers after its request timeout, over HTTP/1.1 with a connection timeout', async () => {
    const sdk = client();
    const started = Date.now();
    await expect(sdk.send(command)).rejects.toThrow(/timeout|timed out/i);
    const elapsed = Date.now() - started;
    // The request reached the endpoint (so the failure is the timeout, not a refused connection)...
    expect(received).toHaveLength(1);
    expect(received[0]).toMatch(/^(POST|PUT) \/\S* HTTP\/1\.1$/);
    // ...and was abandoned after about 300 ms, far from the SDK's unbounded default.
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(3000);
    const handler = sdk.config.requestHandler;
    expect(handler).toBeInstanceOf(NodeHttpHandler);
    expect((handler as NodeHttpHandler).httpHandlerConfigs()).toMatchObject({ connectionTimeout, requestTimeout: 300 });
    sdk.destroy();
  });
});
