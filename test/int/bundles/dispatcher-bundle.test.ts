import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Callback } from '@domain/callbacks/callback';
import { FixedClock } from '@domain/clock';
import { buildLambdaBundle, invokeBundle } from '../harness/bundle';
import { createTestTables, loadHandlerWithEnv, type TestTables } from '../harness/store';
import { callbackDeps, flowEvent, kst, sampleEvent } from '../callback-scheduler/fixtures';

import type * as FlowModule from '../../../lambdas/callback-scheduler/handler';

/**
 * The callback dispatcher bundled as deployed, talking real HTTP to stand-ins for SSM and Amazon
 * Connect on 127.0.0.1 (AWS_ENDPOINT_URL_SSM / _CONNECT). The bundle drops the shapes of the Connect
 * and SSM operations it never calls (lib/bundling.ts foldSchemaKeys); this proves the operations it
 * does call still serialize to the exact wire requests and parse the services' answers.
 */
interface Received {
  readonly method: string;
  readonly url: string;
  readonly target: string;
  readonly body: Record<string, unknown>;
}

const INSTANCE = '11111111-2222-3333-4444-555555555555';
const FLOW = 'ffffffff-0000-4000-8000-00000000f10w';
const QUEUE = 'aaaaaaaa-0000-4000-8000-00000000cbcb';
const PATH = '/aicc/test/connect';

let tables: TestTables;
let bundle: string;
let server: Server;
let endpoint: string;
const received: Received[] = [];

const readBody = async (req: IncomingMessage): Promise<string> => {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text;
};

beforeAll(async () => {
  tables = await createTestTables('dbundle');
  bundle = await buildLambdaBundle('lambdas/callback-scheduler/dispatcher.ts');
  server = createServer((req, res) => {
    void readBody(req).then((text) => {
      const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
      const target = String(req.headers['x-amz-target'] ?? '');
      received.push({ method: req.method ?? '', url: req.url ?? '', target, body });
      if (target === 'AmazonSSM.GetParameters') {
        res.setHeader('content-type', 'application/x-amz-json-1.1');
        const arn = `arn:aws:connect:ap-northeast-2:123456789012:instance/${INSTANCE}`;
        const values: Record<string, string> = { 'instance-id': INSTANCE, 'callback-flow-arn': `${arn}/contact-flow/${FLOW}`, 'callback-queue-arn': `${arn}/queue/${QUEUE}` };
        const names = (body.Names as string[] | undefined) ?? [];
        res.end(JSON.stringify({ Parameters: names.map((Name) => ({ Name, Type: 'String', Value: values[Name.slice(PATH.length + 1)] })), InvalidParameters: [] }));
        return;
      }
      if (req.method === 'PUT' && req.url === '/contact/outbound-voice') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ ContactId: `contact-${String(body.ClientToken)}` }));
        return;
      }
      res.statusCode = 400;
      res.end(JSON.stringify({ message: `unexpected ${req.method} ${req.url} ${target}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  tables.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

it('reads its Connect targets from SSM and dials the due callback with the exact StartOutboundVoiceContact request', async () => {
  // Booked through the flow handler a year ago, so it is due whatever today's date is.
  const clock = new FixedClock(kst('2025-11-24T10:00:00'));
  const flow: typeof FlowModule = await loadHandlerWithEnv(tables.env, () => import('../../../lambdas/callback-scheduler/handler'));
  const booked = await flow.handleCallbackRequest(flowEvent({ operation: 'book', slot: '1', reason: '카드 분실 상담' }, { address: '+821023456789' }), callbackDeps(tables, clock));
  expect(booked.result).toBe('BOOKED');
  const id = String(booked.callbackId);

  const { answer, logs } = await invokeBundle(bundle, sampleEvent('dispatch-scheduled.json'), {
    AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_ENDPOINT_URL_DYNAMODB: tables.endpoint,
    AWS_ENDPOINT_URL_SSM: endpoint,
    AWS_ENDPOINT_URL_CONNECT: endpoint,
    CALLBACKS_TABLE: tables.names.callbacks,
    CONNECT_PARAMETERS_PATH: PATH,
  });

  expect({ answer, logs }).toMatchObject({ answer: { kind: 'dispatch', dialed: 1, failed: 0, deferred: 0, dialedCallbackIds: [id] } });
  expect(received.map((r) => `${r.method} ${r.url} ${r.target}`.trim())).toEqual(['POST / AmazonSSM.GetParameters', 'PUT /contact/outbound-voice']);
  expect(received[0]?.body).toEqual({ Names: [`${PATH}/instance-id`, `${PATH}/callback-flow-arn`, `${PATH}/callback-queue-arn`] });
  expect(received[1]?.body).toMatchObject({
    InstanceId: INSTANCE,
    ContactFlowId: FLOW,
    QueueId: QUEUE,
    DestinationPhoneNumber: '+821023456789',
    ClientToken: `callback-${id}-attempt-1`,
    Attributes: { callbackId: id, callbackAttempt: '1', callbackReason: '카드 분실 상담' },
  });
  const stored = (await tables.doc.send(new GetCommand({ TableName: tables.names.callbacks, Key: { pk: `CALLBACK#${id}` }, ConsistentRead: true }))).Item as Callback;
  expect(stored).toMatchObject({ status: 'DIALING', contactId: `contact-callback-${id}-attempt-1` });
});
