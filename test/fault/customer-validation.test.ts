import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { localContext } from '../../local/lambdas';
import type { TestTables } from '../int/harness/store';
import { applyEnv, capture, CONNECT_BUDGET_MS, DEAD_ENDPOINT, expectLoggedWithoutPii, expectMetered, loadIsolated, seededTables } from './harness/observe';

import type * as HandlerModule from '../../lambdas/customer-validation/handler';
type Module = typeof HandlerModule;

const event = (file: string): unknown => JSON.parse(readFileSync(join(__dirname, '../../events/customer-validation', file), 'utf8'));

let tables: TestTables;
let live: Module;
let dead: Module;

beforeAll(async () => {
  tables = await seededTables('fault-cv');
  // The live copy shares this file's module registry, so mocking the SDK class here reaches it.
  applyEnv(tables.env);
  live = await import('../../lambdas/customer-validation/handler');
  dead = await loadIsolated({ ...tables.env, DYNAMODB_ENDPOINT: DEAD_ENDPOINT }, () => import('../../lambdas/customer-validation/handler'));
});
afterAll(() => tables.destroy());

/** What the inbound flow must get when the directory cannot answer: nobody identified, nobody verified. */
const expectSafeUnverified = (out: Record<string, unknown>) => {
  expect(Object.values(out).every((v) => typeof v === 'string')).toBe(true);
  expect(out).toMatchObject({ customerFound: 'false', customerId: '', customerName: '', isVip: 'false', verificationResult: 'FAILED', verificationDetail: 'LOOKUP_UNAVAILABLE' });
};

const invoke = (mod: Module, file: string) => capture(async () => (await mod.handler(event(file), localContext('customer-validation') as never)) as Record<string, string>);

describe('customer-validation when DynamoDB fails', () => {
  it('still identifies the VIP caller when the store is healthy (the baseline the faults are compared with)', async () => {
    const { result } = await invoke(live, 'known-vip.json');
    expect(result).toMatchObject({ customerFound: 'true', tier: 'VIP' });
  });

  it.each([
    ['ProvisionedThroughputExceededException', () => new ProvisionedThroughputExceededException({ message: 'Rate exceeded', $metadata: {} })],
    ['ThrottlingException', () => Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), { name: 'ThrottlingException' })],
  ])('throttled (%s): the caller is treated as not verified, the flow is not broken, the failure is logged and metered', async (_name, error) => {
    const ddb = mockClient(DynamoDBDocumentClient);
    ddb.onAnyCommand().rejects(error());
    try {
      const { result, out, elapsedMs } = await invoke(live, 'pin-ok.json');
      expectSafeUnverified(result);
      expect(elapsedMs).toBeLessThan(CONNECT_BUDGET_MS);
      expectLoggedWithoutPii(out, /customer lookup failed/);
      expectMetered(out, 'CustomerLookupFailed');
    } finally {
      ddb.restore();
    }
  });

  it('unreachable (connection refused on 127.0.0.1:9): the same safe answer, well inside the Connect budget', async () => {
    const { result, out, elapsedMs } = await invoke(dead, 'known-vip.json');
    expectSafeUnverified(result);
    expect(elapsedMs).toBeLessThan(CONNECT_BUDGET_MS);
    expectLoggedWithoutPii(out, /customer lookup failed/);
    expectMetered(out, 'CustomerLookupFailed');
  });
});
