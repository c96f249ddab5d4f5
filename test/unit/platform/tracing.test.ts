import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { createDocumentClient } from '../../../lambdas/adapters/dynamodb/client';
import { createInstrumentation, wrapHandler } from '../../../lambdas/platform/instrumentation';
import { isTracingEnabled, parseTraceHeader, traceClient } from '../../../lambdas/platform/tracing';
import { encodeDocument, MAX_DATAGRAM_BYTES, parseDaemonAddress, PROTOCOL_HEADER, type SubsegmentDocument } from '../../../lambdas/platform/xray-emitter';
import { startFakeXRayDaemon, traceHeader, type FakeXRayDaemon } from '../../support/xray-daemon';

describe('X-Ray trace header', () => {
  it('reads Root, Parent and Sampled, and keeps the other fields (Lineage) for downstream calls', () => {
    expect(parseTraceHeader('Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1;Lineage=a87bd80c:1|68fd508a:5')).toEqual({
      root: '1-5759e988-bd862e3fe1be46a994272793',
      parent: '53995c3f42cd8ad8',
      sampled: true,
      extra: ['Lineage=a87bd80c:1|68fd508a:5'],
    });
  });

  it('treats Sampled=0, Sampled=? and a missing Sampled as not sampled', () => {
    for (const s of [';Sampled=0', ';Sampled=?', '']) {
      expect(parseTraceHeader(`Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8${s}`)?.sampled).toBe(false);
    }
  });

  it('tolerates spaces and key case, drops a malformed Parent, rejects a missing or malformed Root', () => {
    expect(parseTraceHeader(' root=1-5759e988-bd862e3fe1be46a994272793 ; parent=53995c3f42cd8ad8 ; sampled=1 ')).toMatchObject({
      root: '1-5759e988-bd862e3fe1be46a994272793',
      parent: '53995c3f42cd8ad8',
      sampled: true,
    });
    expect(parseTraceHeader('Root=1-5759e988-bd862e3fe1be46a994272793;Parent=xyz;Sampled=1')?.parent).toBeUndefined();
    expect(parseTraceHeader('Parent=53995c3f42cd8ad8;Sampled=1')).toBeUndefined();
    expect(parseTraceHeader('Root=1-nothex-bd862e3fe1be46a994272793;Sampled=1')).toBeUndefined();
    expect(parseTraceHeader('1-5759e988-bd862e3fe1be46a994272793')).toBeUndefined();
    expect(parseTraceHeader('')).toBeUndefined();
    expect(parseTraceHeader(undefined)).toBeUndefined();
  });
});

describe('X-Ray daemon address', () => {
  it('accepts host:port and the udp:/tcp: pair in either order, else falls back to 127.0.0.1:2000', () => {
    expect(parseDaemonAddress('169.254.79.129:2000')).toEqual({ host: '169.254.79.129', port: 2000 });
    expect(parseDaemonAddress('tcp:127.0.0.1:2001 udp:10.0.0.5:2002')).toEqual({ host: '10.0.0.5', port: 2002 });
    expect(parseDaemonAddress('udp:10.0.0.5:2002 tcp:127.0.0.1:2001')).toEqual({ host: '10.0.0.5', port: 2002 });
    expect(parseDaemonAddress('udp:10.0.0.5:2002,tcp:127.0.0.1:2001')).toEqual({ host: '10.0.0.5', port: 2002 });
    expect(parseDaemonAddress('xray-daemon:3000')).toEqual({ host: 'xray-daemon', port: 3000 });
    for (const bad of [undefined, '', 'localhost', ':2000', 'host:99999', 'udp:10.0.0.5:2002', 'tcp:a:1 tcp:b:2']) {
      expect(parseDaemonAddress(bad)).toEqual({ host: '127.0.0.1', port: 2000 });
    }
  });
});

describe('tracing switch', () => {
  it('is on unless POWERTOOLS_TRACE_ENABLED or AWS_XRAY_SDK_ENABLED says off, or under sam local', () => {
    expect(isTracingEnabled({})).toBe(true);
    expect(isTracingEnabled({ POWERTOOLS_TRACE_ENABLED: 'true' })).toBe(true);
    expect(isTracingEnabled({ POWERTOOLS_TRACE_ENABLED: 'false' })).toBe(false);
    expect(isTracingEnabled({ POWERTOOLS_TRACE_ENABLED: '0' })).toBe(false);
    expect(isTracingEnabled({ AWS_XRAY_SDK_ENABLED: 'false' })).toBe(false);
    expect(isTracingEnabled({ AWS_SAM_LOCAL: 'true' })).toBe(false);
  });
});

describe('segment document size', () => {
  const doc = (message: string): SubsegmentDocument => ({
    name: 'DynamoDB',
    id: '0123456789abcdef',
    trace_id: '1-5759e988-bd862e3fe1be46a994272793',
    parent_id: '53995c3f42cd8ad8',
    type: 'subsegment',
    start_time: 1_780_000_000.123,
    end_time: 1_780_000_000.456,
    namespace: 'aws',
    fault: true,
    cause: { exceptions: [{ id: 'fedcba9876543210', type: 'Error', message }] },
    annotations: { Service: 'x'.repeat(200) },
    aws: { operation: 'GetItem', table_name: 'customers' },
  });

  it('is the protocol header then the JSON document', () => {
    const packet = encodeDocument(doc('boom'));
    expect(packet?.toString('utf8')).toBe(PROTOCOL_HEADER + JSON.stringify(doc('boom')));
  });

  it('never exceeds one UDP datagram: the cause goes first, the call still lands in the trace', () => {
    const packet = encodeDocument(doc('한'.repeat(40_000)));
    expect(packet).toBeDefined();
    expect(packet!.length).toBeLessThanOrEqual(MAX_DATAGRAM_BYTES);
    const sent = JSON.parse(packet!.toString('utf8').slice(PROTOCOL_HEADER.length)) as SubsegmentDocument;
    expect(sent.cause).toBeUndefined();
    expect(sent).toMatchObject({ id: '0123456789abcdef', fault: true, aws: { operation: 'GetItem' } });
  });

  it('drops optional parts in order under a tight bound, and gives up when even the skeleton is too big', () => {
    const skeleton = PROTOCOL_HEADER.length + JSON.stringify({ ...doc('x'), cause: undefined, aws: undefined, annotations: undefined }).length;
    const tight = encodeDocument(doc('x'), skeleton + 10);
    const sent = JSON.parse(tight!.toString('utf8').slice(PROTOCOL_HEADER.length)) as SubsegmentDocument;
    expect(sent.cause && sent.aws && sent.annotations).toBeUndefined();
    expect(sent.trace_id).toBe('1-5759e988-bd862e3fe1be46a994272793');
    expect(encodeDocument(doc('x'), 100)).toBeUndefined();
  });
});

/**
 * A local stand-in for DynamoDB's JSON protocol: the table name decides the answer, so one
 * document client shows success, throttling (retried) and a server fault.
 */
const startFakeDynamo = async () => {
  const requests: { target: string; headers: IncomingHttpHeaders }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      requests.push({ target, headers: req.headers });
      const table = (JSON.parse(body) as { TableName?: string }).TableName;
      const reply = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `REQ${requests.length}` });
        res.end(JSON.stringify(payload));
      };
      if (table === 'throttled') reply(400, { __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', message: 'slow down' });
      else if (table === 'broken') reply(500, { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'internal error' });
      else if (table === 'conditional')
        reply(400, { __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException', message: 'The conditional request failed' });
      else reply(200, target.endsWith('GetItem') ? { Item: { customerId: { S: 'C-1' } } } : {});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

describe('traced Lambda handler and SDK calls (real UDP daemon, real document client over local HTTP)', () => {
  let daemon: FakeXRayDaemon;
  let dynamo: Awaited<ReturnType<typeof startFakeDynamo>>;
  const saved = { ...process.env };
  const context = { functionName: 'tracing-test', awsRequestId: 'req-1' } as Context;

  beforeAll(async () => {
    daemon = await startFakeXRayDaemon();
    dynamo = await startFakeDynamo();
    Object.assign(process.env, {
      AWS_XRAY_DAEMON_ADDRESS: daemon.address,
      POWERTOOLS_TRACE_ENABLED: 'true',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      _HANDLER: 'index.handler',
    });
  });
  afterAll(async () => {
    process.env = saved;
    await Promise.all([daemon.close(), dynamo.close()]);
  });

  const invoke = async <R>(header: string | undefined, work: () => Promise<R>, handler = wrapHandler(work, createInstrumentation('tracing-test'))) => {
    if (header === undefined) delete process.env._X_AMZN_TRACE_ID;
    else process.env._X_AMZN_TRACE_ID = header;
    return handler(undefined, context);
  };

  it('sends a ## handler subsegment (ColdStart, Service) under Lambda\'s segment and one DynamoDB subsegment per call under it', async () => {
    const doc = createDocumentClient({ endpoint: dynamo.endpoint });
    const trace = traceHeader(true, ';Lineage=a87bd80c:1');
    const handler = wrapHandler(async () => {
      await doc.send(new GetCommand({ TableName: 'customers', Key: { customerId: 'C-1' } }));
      await doc.send(new PutCommand({ TableName: 'customers', Item: { customerId: 'C-2' } }));
      return 'ok';
    }, createInstrumentation('customer-validation'));

    await expect(invoke(trace.header, async () => 'unused', handler)).resolves.toBe('ok');
    const docs = await daemon.waitFor(trace.root, 3);

    const top = docs.find((d) => d.name === '## index.handler')!;
    expect(top).toMatchObject({ type: 'subsegment', trace_id: trace.root, parent_id: trace.parent, annotations: { ColdStart: true, Service: 'customer-validation' } });
    expect(top.id).toMatch(/^[0-9a-f]{16}$/);
    expect(top.fault).toBeUndefined();
    expect(top.end_time).toBeGreaterThanOrEqual(top.start_time);
    expect(Math.abs(top.start_time - Date.now() / 1000)).toBeLessThan(60);

    const calls = docs.filter((d) => d.name === 'DynamoDB');
    expect(calls.map((d) => d.aws?.operation).sort()).toEqual(['GetItem', 'PutItem']);
    for (const call of calls) {
      expect(call).toMatchObject({ type: 'subsegment', namespace: 'aws', trace_id: trace.root, parent_id: top.id, http: { response: { status: 200 } } });
      expect(call.aws).toMatchObject({ region: 'ap-northeast-2', table_name: 'customers', retries: 0 });
      expect(call.aws?.request_id).toMatch(/^REQ\d+$/);
      expect(call.error || call.fault || call.throttle).toBeFalsy();
      expect(call.start_time).toBeGreaterThanOrEqual(top.start_time);
      expect(call.end_time).toBeLessThanOrEqual(top.end_time);
    }
    // DynamoDB sees this call's subsegment as its parent, and Lambda's loop-detection lineage unchanged.
    const get = calls.find((d) => d.aws?.operation === 'GetItem')!;
    const sent = dynamo.requests.find((r) => r.target.endsWith('GetItem'))!;
    expect(sent.headers['x-amzn-trace-id']).toBe(`Root=${trace.root};Parent=${get.id};Sampled=1;Lineage=a87bd80c:1`);
    expect(daemon.malformed).toEqual([]);
    doc.destroy();
  });

  it('marks only the first invocation of the process as the cold start', async () => {
    const handler = wrapHandler(async () => 'ok', createInstrumentation('cold'));
    const first = traceHeader(true);
    const second = traceHeader(true);
    await invoke(first.header, async () => 'unused', handler);
    await invoke(second.header, async () => 'unused', handler);
    expect((await daemon.waitFor(first.root, 1))[0]?.annotations?.ColdStart).toBe(true);
    expect((await daemon.waitFor(second.root, 1))[0]?.annotations?.ColdStart).toBe(false);
  });

  it('records a throttled call once, with its retry, throttle and error flags', async () => {
    const doc = createDocumentClient({ endpoint: dynamo.endpoint, maxAttempts: 2 });
    const trace = traceHeader(true);
    const before = dynamo.requests.length;
    await expect(invoke(trace.header, () => doc.send(new GetCommand({ TableName: 'throttled', Key: { customerId: 'C-1' } })))).rejects.toThrow(
      expect.objectContaining({ name: 'ProvisionedThroughputExceededException' }),
    );
    expect(dynamo.requests.length - before).toBe(2);
    const docs = await daemon.waitFor(trace.root, 2);
    const calls = docs.filter((d) => d.name === 'DynamoDB');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ throttle: true, error: true, http: { response: { status: 400 } }, aws: { operation: 'GetItem', retries: 1, table_name: 'throttled' } });
    expect(calls[0]?.fault).toBeUndefined();
    expect(calls[0]?.cause?.exceptions[0]).toMatchObject({ type: 'ProvisionedThroughputExceededException', remote: true });
    // The handler let the error through: its subsegment is a fault too.
    expect(docs.find((d) => d.name.startsWith('##'))).toMatchObject({ fault: true, cause: { exceptions: [{ type: 'ProvisionedThroughputExceededException' }] } });
    doc.destroy();
  });

  it('flags a 4xx answer as an error and a 5xx answer or no answer at all as a fault', async () => {
    const doc = createDocumentClient({ endpoint: dynamo.endpoint, maxAttempts: 1 });
    const closed = createDocumentClient({ endpoint: 'http://127.0.0.1:1', maxAttempts: 1 });
    const trace = traceHeader(true);
    const settle = (p: Promise<unknown>) => p.then(() => 'ok', (e: Error) => e.name);
    const outcome = await invoke(trace.header, async () => [
      await settle(doc.send(new PutCommand({ TableName: 'conditional', Item: { customerId: 'C-1' }, ConditionExpression: 'attribute_not_exists(customerId)' }))),
      await settle(doc.send(new GetCommand({ TableName: 'broken', Key: { customerId: 'C-1' } }))),
      await settle(closed.send(new GetCommand({ TableName: 'nowhere', Key: { customerId: 'C-1' } }))),
    ]);
    expect(outcome).toEqual(['ConditionalCheckFailedException', 'InternalServerError', expect.any(String)]);
    const calls = (await daemon.waitFor(trace.root, 4)).filter((d) => d.name === 'DynamoDB');
    const byTable = (t: string) => calls.find((d) => d.aws?.table_name === t);
    expect(byTable('conditional')).toMatchObject({ error: true, http: { response: { status: 400 } }, aws: { operation: 'PutItem' } });
    expect(byTable('conditional')?.fault).toBeUndefined();
    expect(byTable('broken')).toMatchObject({ fault: true, http: { response: { status: 500 } } });
    expect(byTable('broken')?.error).toBeUndefined();
    expect(byTable('nowhere')).toMatchObject({ fault: true, cause: { exceptions: [{ remote: true }] } });
    expect(byTable('nowhere')?.http).toBeUndefined();
    doc.destroy();
    closed.destroy();
  });

  it('masks phone numbers in a failed handler\'s cause, as in the logs', async () => {
    const trace = traceHeader(true);
    await expect(invoke(trace.header, async () => Promise.reject(new TypeError('no customer for 010-1234-5678')))).rejects.toThrow(TypeError);
    const [top] = await daemon.waitFor(trace.root, 1);
    expect(top).toMatchObject({ fault: true, cause: { exceptions: [{ type: 'TypeError' }] } });
    expect(top?.cause?.exceptions[0]?.message).toContain('010-****-5678');
    expect(JSON.stringify(top)).not.toContain('1234-5678');
  });

  it('sends nothing when the invocation is not sampled, has no trace header, or tracing is off', async () => {
    const doc = createDocumentClient({ endpoint: dynamo.endpoint });
    const call = () => doc.send(new GetCommand({ TableName: 'customers', Key: { customerId: 'C-1' } }));
    const unsampled = traceHeader(false);
    const switchedOff = traceHeader(true);
    await invoke(unsampled.header, call);
    await invoke(undefined, call);
    process.env.POWERTOOLS_TRACE_ENABLED = 'false';
    await invoke(switchedOff.header, call);
    process.env.POWERTOOLS_TRACE_ENABLED = 'true';
    const before = daemon.documents.length;
    // A sampled marker afterwards: once its documents are in, anything the others sent would be too.
    const marker = traceHeader(true);
    await invoke(marker.header, call);
    await daemon.waitFor(marker.root, 2);
    expect(daemon.documents.slice(before).every((d) => d.trace_id === marker.root)).toBe(true);
    expect(daemon.documents.filter((d) => [unsampled.root, switchedOff.root].includes(d.trace_id))).toEqual([]);
    // Untraced calls carry no header of ours (outside Lambda the SDK adds none either).
    const last3 = dynamo.requests.slice(-4, -1);
    expect(last3.map((r) => r.headers['x-amzn-trace-id'])).toEqual([undefined, undefined, undefined]);
    doc.destroy();
  });

  it('applies once however often a client is traced, and leaves SDK calls outside an invocation alone', async () => {
    const doc = createDocumentClient({ endpoint: dynamo.endpoint });
    traceClient(doc);
    traceClient(doc);
    await doc.send(new GetCommand({ TableName: 'customers', Key: { customerId: 'C-1' } }));
    const trace = traceHeader(true);
    await invoke(trace.header, () => doc.send(new GetCommand({ TableName: 'customers', Key: { customerId: 'C-1' } })));
    await daemon.waitFor(trace.root, 2);
    const marker = traceHeader(true);
    await invoke(marker.header, async () => 'ok');
    await daemon.waitFor(marker.root, 1);
    expect(daemon.documents.filter((d) => d.trace_id === trace.root && d.name === 'DynamoDB')).toHaveLength(1);
    doc.destroy();
  });
});
