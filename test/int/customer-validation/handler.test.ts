import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { FixedClock } from '@domain/clock';
import { DynamoCustomerDirectory } from '../../../lambdas/adapters/dynamodb/customer-directory';
import { putIfAbsent, SAMPLE_CUSTOMERS } from '../../../local/seed/seed';
import { localContext } from '../../../local/lambdas';
import { createTestTables, loadHandlerWithEnv, type TestTables } from '../harness/store';

import type * as HandlerModule from '../../../lambdas/customer-validation/handler';
type Module = typeof HandlerModule;

const EVENTS_DIR = join(__dirname, '../../../events/customer-validation');
const event = (file: string): unknown => JSON.parse(readFileSync(join(EVENTS_DIR, file), 'utf8'));
const withParams = (file: string, params: Record<string, string>, address?: string) => {
  const e = event(file) as { Details: { Parameters: Record<string, string>; ContactData: { CustomerEndpoint: { Address: string } } } };
  e.Details.Parameters = params;
  if (address) e.Details.ContactData.CustomerEndpoint.Address = address;
  return e;
};

let tables: TestTables;
let mod: Module;
const clock = new FixedClock('2026-11-24T01:00:00Z'); // 월요일 오전 10시 (KST)

const deps = () => {
  const directory = new DynamoCustomerDirectory(tables.doc, tables.names.customers);
  return { directory, attempts: directory, clock, policy: { maxAttempts: 3, lockMinutes: 30 } };
};

const reseed = async () => {
  for (const c of SAMPLE_CUSTOMERS) {
    await tables.doc.send(
      new UpdateCommand({
        TableName: tables.names.customers,
        Key: { customerId: c.customerId },
        UpdateExpression: 'SET pinFailures = :f REMOVE pinLockedUntil',
        ExpressionAttributeValues: { ':f': c.pinFailures },
      }),
    );
  }
  // C-1005 is the sample locked account.
  await tables.doc.send(
    new UpdateCommand({
      TableName: tables.names.customers,
      Key: { customerId: 'C-1005' },
      UpdateExpression: 'SET pinLockedUntil = :u',
      ExpressionAttributeValues: { ':u': '2099-12-31T15:00:00.000Z' },
    }),
  );
};

beforeAll(async () => {
  tables = await createTestTables('cv');
  await putIfAbsent(tables.doc, tables.names.customers, 'customerId', SAMPLE_CUSTOMERS);
  mod = await loadHandlerWithEnv(tables.env, () => import('../../../lambdas/customer-validation/handler'));
});
afterAll(() => tables.destroy());
beforeEach(reseed);

describe('customer-validation against the local store', () => {
  it('identifies the VIP caller from CustomerEndpoint through the wrapped Lambda handler', async () => {
    const out = (await mod.handler(event('known-vip.json'), localContext('customer-validation') as never)) as Record<string, string>;
    expect(out).toMatchObject({ customerFound: 'true', customerId: 'C-1001', customerName: '김민수', tier: 'VIP', isVip: 'true', verificationResult: 'NOT_REQUIRED' });
  });

  it('answers every sample event with string values only, under 32 KB', async () => {
    for (const file of readdirSync(EVENTS_DIR)) {
      const out = await mod.validateCustomer(event(file), deps());
      expect(Object.values(out).every((v) => typeof v === 'string')).toBe(true);
      expect(Buffer.byteLength(JSON.stringify(out))).toBeLessThan(32 * 1024);
      expect(out.customerFound).toMatch(/^(true|false)$/);
    }
  });

  it.each([
    ['unknown.json', 'UNKNOWN_NUMBER'],
    ['anonymous.json', 'ANONYMOUS_CALLER'],
    ['malformed.json', 'ANONYMOUS_CALLER'],
  ])('%s gives customerFound "false" (%s), never an exception', async (file, detail) => {
    const out = await mod.validateCustomer(event(file), deps());
    expect(out).toMatchObject({ customerFound: 'false', verificationResult: 'NOT_FOUND', verificationDetail: detail });
  });

  it('uses a DTMF-entered phoneNumber parameter when the caller id is withheld', async () => {
    const out = await mod.validateCustomer(event('dtmf-number.json'), deps());
    expect(out).toMatchObject({ customerFound: 'true', customerId: 'C-1002' });
  });

  it('rejects a garbage phoneNumber parameter as not found', async () => {
    const out = await mod.validateCustomer(withParams('regular.json', { phoneNumber: '12-34' }, 'anonymous'), deps());
    expect(out).toMatchObject({ customerFound: 'false', verificationDetail: 'INVALID_NUMBER' });
  });

  it('verifies a correct PIN and resets earlier failures', async () => {
    const out = await mod.validateCustomer(withParams('pin-ok.json', { pin: '1111' }, '+821067890123'), deps());
    expect(out).toMatchObject({ verificationResult: 'VERIFIED', attemptsRemaining: '3' });
    const item = await tables.doc.send(new GetCommand({ TableName: tables.names.customers, Key: { customerId: 'C-1007' } }));
    expect(item.Item?.pinFailures).toBe(0);
  });

  it('counts wrong PINs and locks for 30 minutes on the third', async () => {
    const wrong = () => mod.validateCustomer(event('pin-wrong.json'), deps());
    expect(await wrong()).toMatchObject({ verificationResult: 'FAILED', attemptsRemaining: '2' });
    expect(await wrong()).toMatchObject({ verificationResult: 'FAILED', attemptsRemaining: '1' });
    const third = await wrong();
    expect(third).toMatchObject({ verificationResult: 'LOCKED', attemptsRemaining: '0', lockedUntil: '2026-11-24T01:30:00.000Z' });
    // Even the right PIN is refused while locked.
    expect(await mod.validateCustomer(withParams('pin-wrong.json', { pin: '2580' }), deps())).toMatchObject({ verificationResult: 'LOCKED' });
  });

  it('unlocks after the lock expires', async () => {
    for (let i = 0; i < 3; i++) await mod.validateCustomer(event('pin-wrong.json'), deps());
    const later = { ...deps(), clock: new FixedClock('2026-11-24T01:31:00Z') };
    expect(await mod.validateCustomer(withParams('pin-wrong.json', { pin: '2580' }), later)).toMatchObject({ verificationResult: 'VERIFIED' });
  });

  it('counts concurrent wrong PINs without losing one (conditional updates)', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => mod.validateCustomer(event('pin-wrong.json'), deps())));
    const item = await tables.doc.send(new GetCommand({ TableName: tables.names.customers, Key: { customerId: 'C-1002' }, ConsistentRead: true }));
    expect(item.Item?.pinLockedUntil).toBeDefined();
    expect(results.filter((r) => r.verificationResult === 'VERIFIED')).toHaveLength(0);
    expect(results.filter((r) => r.verificationResult === 'FAILED').length).toBeLessThanOrEqual(2);
  });

  it('keeps the sample locked account locked', async () => {
    expect(await mod.validateCustomer(event('locked.json'), deps())).toMatchObject({ verificationResult: 'LOCKED', attemptsRemaining: '0' });
  });

  it('does not count a malformed PIN as a guess', async () => {
    const out = await mod.validateCustomer(withParams('pin-wrong.json', { pin: '12' }), deps());
    expect(out).toMatchObject({ verificationResult: 'FAILED', verificationDetail: 'PIN_MALFORMED', attemptsRemaining: '3' });
  });

  it('answers a safe "not verified" when the store is unreachable', async () => {
    const { createDocumentClient } = await import('../../../lambdas/adapters/dynamodb/client');
    const dead = createDocumentClient({ endpoint: 'http://127.0.0.1:9', requestTimeoutMs: 300, maxAttempts: 1 });
    const directory = new DynamoCustomerDirectory(dead, tables.names.customers);
    const out = await mod.validateCustomer(event('pin-ok.json'), { ...deps(), directory, attempts: directory });
    expect(out).toMatchObject({ customerFound: 'false', verificationResult: 'FAILED', verificationDetail: 'LOOKUP_UNAVAILABLE' });
    dead.destroy();
  });
});
