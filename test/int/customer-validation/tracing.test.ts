import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { putIfAbsent, SAMPLE_CUSTOMERS } from '../../../local/seed/seed';
import { localContext } from '../../../local/lambdas';
import { startFakeXRayDaemon, traceHeader, type FakeXRayDaemon } from '../../support/xray-daemon';
import { createTestTables, loadHandlerWithEnv, type TestTables } from '../harness/store';

import type * as HandlerModule from '../../../lambdas/customer-validation/handler';
type Module = typeof HandlerModule;

/**
 * customer-validation's deployed handler (middy stack and all) against the local store, with a
 * real UDP listener standing in for the X-Ray daemon Lambda runs beside a traced function.
 */
const EVENTS_DIR = join(__dirname, '../../../events/customer-validation');
const event = (file: string): unknown => JSON.parse(readFileSync(join(EVENTS_DIR, file), 'utf8'));

let tables: TestTables;
let daemon: FakeXRayDaemon;
let mod: Module;
const saved = { ...process.env };
/** The harness switches tracing off by default; Lambda sets the daemon address and `_HANDLER`. */
const tracing = () => ({ POWERTOOLS_TRACE_ENABLED: 'true', AWS_XRAY_DAEMON_ADDRESS: daemon.address, _HANDLER: 'index.handler' });

const invoke = (handler: Module['handler'], file: string, header?: string) => {
  if (header) process.env._X_AMZN_TRACE_ID = header;
  else delete process.env._X_AMZN_TRACE_ID;
  return handler(event(file), localContext('customer-validation') as never) as Promise<Record<string, string>>;
};

beforeAll(async () => {
  tables = await createTestTables('xray');
  await putIfAbsent(tables.doc, tables.names.customers, 'customerId', SAMPLE_CUSTOMERS);
  daemon = await startFakeXRayDaemon();
  mod = await loadHandlerWithEnv({ ...tables.env, ...tracing() }, () => import('../../../lambdas/customer-validation/handler'));
});
afterAll(async () => {
  process.env = saved;
  tables.destroy();
  await daemon.close();
});

describe('customer-validation traces in X-Ray', () => {
  it('sends the cold handler subsegment under Lambda\'s segment and the directory Query under it', async () => {
    const trace = traceHeader(true);
    expect(await invoke(mod.handler, 'known-vip.json', trace.header)).toMatchObject({ customerFound: 'true', customerId: 'C-1001' });

    const docs = await daemon.waitFor(trace.root, 2);
    const top = docs.find((d) => d.name === '## index.handler');
    expect(top).toMatchObject({
      type: 'subsegment',
      trace_id: trace.root,
      parent_id: trace.parent,
      annotations: { ColdStart: true, Service: 'customer-validation' },
    });
    expect(top?.fault).toBeUndefined();
    expect(docs.filter((d) => d.name === 'DynamoDB')).toEqual([
      expect.objectContaining({
        namespace: 'aws',
        parent_id: top?.id,
        aws: expect.objectContaining({ operation: 'Query', table_name: tables.names.customers, region: 'ap-northeast-2', retries: 0 }),
        http: { response: expect.objectContaining({ status: 200 }) },
      }),
    ]);
    // The caller's number and name never reach the trace.
    expect(JSON.stringify(docs)).not.toMatch(/김민수|1234-5678|\+8210/);
  });

  it('records every DynamoDB call of a PIN check, and the next invocation is warm', async () => {
    const trace = traceHeader(true);
    await invoke(mod.handler, 'pin-wrong.json', trace.header);
    const docs = await daemon.waitFor(trace.root, 3);
    const top = docs.find((d) => d.name.startsWith('##'));
    expect(top?.annotations?.ColdStart).toBe(false);
    const calls = docs.filter((d) => d.name === 'DynamoDB');
    expect(calls.map((d) => d.aws?.operation)).toEqual(['Query', 'UpdateItem']);
    expect(calls.every((d) => d.parent_id === top?.id && d.http?.response?.status === 200 && !d.error && !d.fault)).toBe(true);
  });

  it('sends nothing for an unsampled invocation or one without a trace header', async () => {
    const unsampled = traceHeader(false);
    await invoke(mod.handler, 'regular.json', unsampled.header);
    await invoke(mod.handler, 'regular.json');
    const marker = traceHeader(true);
    const before = daemon.documents.length;
    await invoke(mod.handler, 'regular.json', marker.header);
    await daemon.waitFor(marker.root, 2);
    expect(daemon.documents.slice(before).every((d) => d.trace_id === marker.root)).toBe(true);
    expect(daemon.documents.filter((d) => d.trace_id === unsampled.root)).toEqual([]);
    expect(daemon.malformed).toEqual([]);
  });

  it('shows an unreachable store as a faulted Query with its retry, while the caller still gets an answer', async () => {
    let down: Module | undefined;
    await jest.isolateModulesAsync(async () => {
      down = await loadHandlerWithEnv({ ...tracing(), DYNAMODB_ENDPOINT: 'http://127.0.0.1:9' }, () => import('../../../lambdas/customer-validation/handler'));
    });
    process.env.DYNAMODB_ENDPOINT = tables.endpoint;
    const trace = traceHeader(true);
    expect(await invoke(down!.handler, 'known-vip.json', trace.header)).toMatchObject({ verificationDetail: 'LOOKUP_UNAVAILABLE' });
    const docs = await daemon.waitFor(trace.root, 2);
    const query = docs.find((d) => d.name === 'DynamoDB');
    expect(query).toMatchObject({ fault: true, aws: { operation: 'Query', retries: 1 }, cause: { exceptions: [expect.objectContaining({ remote: true })] } });
    expect(query?.http).toBeUndefined();
    // The handler answered (UNAVAILABLE), so its own subsegment is no fault.
    expect(docs.find((d) => d.name.startsWith('##'))?.fault).toBeUndefined();
  });
});
