import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { putIfAbsent, SAMPLE_CUSTOMERS } from '../../../local/seed/seed';
import { buildLambdaBundle, invokeBundle as run, REPO_ROOT } from '../harness/bundle';
import { createTestTables, type TestTables } from '../harness/store';

/**
 * customer-validation bundled exactly as CDK deploys it (lib/bundling.ts: minified, with the
 * Lambda credential chain aliased in) and run in a fresh `node` with only what Lambda would give
 * it: the table name, a region, and credentials in the environment or from a container endpoint.
 * No DYNAMODB_ENDPOINT (which would bypass the chain with static local credentials): the standard
 * AWS_ENDPOINT_URL_DYNAMODB points the SDK at the harness store instead.
 */
const EVENT: unknown = JSON.parse(readFileSync(join(REPO_ROOT, 'events/customer-validation/known-vip.json'), 'utf8'));

let tables: TestTables;
let bundle: string;

beforeAll(async () => {
  tables = await createTestTables('bundle');
  await putIfAbsent(tables.doc, tables.names.customers, 'customerId', SAMPLE_CUSTOMERS);
  bundle = await buildLambdaBundle('lambdas/customer-validation/handler.ts');
}, 60_000);
afterAll(() => tables.destroy());

const invokeBundle = async (env: Record<string, string>) => {
  const { answer, logs } = await run(bundle, EVENT, { AWS_ENDPOINT_URL_DYNAMODB: tables.endpoint, CUSTOMERS_TABLE: tables.names.customers, ...env });
  return { answer: answer as Record<string, string>, logs };
};

it('finds the VIP caller with the execution role credentials Lambda puts in the environment', async () => {
  const { answer } = await invokeBundle({ AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'token' });
  expect(answer).toMatchObject({ customerFound: 'true', isVip: 'true', verificationDetail: expect.not.stringMatching(/UNAVAILABLE/) });
});

describe('container credentials', () => {
  let server: Server;
  let fetched = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      fetched++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ AccessKeyId: 'ASIACONTAINER', SecretAccessKey: 'secret', Token: 'token', Expiration: new Date(Date.now() + 3_600_000).toISOString() }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('fetches them from AWS_CONTAINER_CREDENTIALS_FULL_URI when the environment has no keys', async () => {
    const { port } = server.address() as AddressInfo;
    const { answer } = await invokeBundle({ AWS_CONTAINER_CREDENTIALS_FULL_URI: `http://127.0.0.1:${port}/credentials` });
    expect(answer).toMatchObject({ customerFound: 'true', isVip: 'true' });
    expect(fetched).toBe(1);
  });
});

it('without any credentials still answers the flow, as unidentified, and logs why', async () => {
  const { answer, logs } = await invokeBundle({});
  expect(answer).toMatchObject({ customerFound: 'false', verificationDetail: 'LOOKUP_UNAVAILABLE' });
  expect(logs).toMatch(/CredentialsProviderError/);
});

describe('stack traces of the minified bundle', () => {
  it('name the error class and the TypeScript files when the configuration is wrong at cold start', async () => {
    // No CUSTOMERS_TABLE: the function refuses to start, and Node prints the error's stack.
    const failure = await run(bundle, EVENT, { AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' }).catch((error: Error) => error.message);
    expect(failure).toMatch(/ConfigError: invalid configuration: CUSTOMERS_TABLE/);
    expect(failure).toMatch(/at loadConfig \(lambdas\/platform\/config\.ts:\d+:\d+\)/);
    expect(failure).toMatch(/\(lambdas\/customer-validation\/handler\.ts:\d+:\d+\)/);
    expect(failure).not.toMatch(/index\.js:\d+:\d+\)/);
  });

  it('in the structured log of a failed lookup, name the original sources instead of the bundle', async () => {
    const { logs } = await invokeBundle({});
    const line = logs.split('\n').find((l) => l.includes('customer lookup failed'));
    const stack = (JSON.parse(line ?? '{}') as { error?: { stack?: string } }).error?.stack ?? '';
    expect(stack).toMatch(/^CredentialsProviderError: No AWS credentials/);
    expect(stack).toMatch(/at provider \(lambdas\/platform\/lambda-credentials\.ts:\d+:\d+\)/);
    expect(stack).toMatch(/\(node_modules\/@smithy\/core\/.+\.js:\d+:\d+\)/);
    expect(stack).not.toMatch(/index\.js/);
  });
});
