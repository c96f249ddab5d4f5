import { ConnectClient, DestinationNotAllowedException, InternalServiceException, StartOutboundVoiceContactCommand, ThrottlingException } from '@aws-sdk/client-connect';
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { CALLBACK_MESSAGES } from '@domain/callbacks/messages';
import type { Callback } from '@domain/callbacks/callback';
import type { DispatchDeps } from '@domain/callbacks/dispatch';
import { FixedClock } from '@domain/clock';
import { ConnectCallDialer, createConnectClient } from '../../lambdas/adapters/connect/outbound-dialer';
import { createDocumentClient } from '../../lambdas/adapters/dynamodb/client';
import { CONTACT_EVENT_DETAIL_TYPE } from '../../lambdas/adapters/connect/contact-events';
import { localContext } from '../../local/lambdas';
import { callbackDeps, DISPATCHER_ENV, flowEvent, kst, sampleEvent } from '../int/callback-scheduler/fixtures';
import type { TestTables } from '../int/harness/store';
import { applyEnv, capture, CONNECT_BUDGET_MS, DEAD_ENDPOINT, expectLoggedWithoutPii, expectMetered, seededTables } from './harness/observe';

import type * as FlowModule from '../../lambdas/callback-scheduler/handler';
import type * as DispatcherModule from '../../lambdas/callback-scheduler/dispatcher';

/**
 * Booking (flow-facing) under DynamoDB faults, and the dispatcher under Connect API faults. The
 * domain entry points take the test's deps (a frozen Tuesday 10:00 in Seoul); the wrapped handlers
 * then flush what the module's Powertools metrics recorded, exactly as after a Lambda invocation.
 */
const connect = mockClient(ConnectClient);
const clock = new FixedClock(kst('2026-11-24T10:00:00'));
let tables: TestTables;
let phones = 0;
/** A fresh mobile number per booking (one active callback per number). */
const uniquePhone = () => `+82105555${String(1000 + ++phones).slice(-4)}`;
let flow: typeof FlowModule;
let dispatcher: typeof DispatcherModule;

const deps = (): DispatchDeps & ReturnType<typeof callbackDeps> => ({
  ...callbackDeps(tables, clock),
  dialer: new ConnectCallDialer(createConnectClient(), {
    instanceId: DISPATCHER_ENV.CONNECT_INSTANCE_ID,
    contactFlowId: DISPATCHER_ENV.OUTBOUND_CONTACT_FLOW_ID,
    queueId: DISPATCHER_ENV.CALLBACK_QUEUE_ID,
  }),
});

/** Invocations that touch nothing but end with the middleware's metrics flush. */
const flushFlow = () => flow.handler(flowEvent({ operation: 'noop' }), localContext('callback-scheduler') as never);
const flushDispatcher = () =>
  dispatcher.handler({ 'detail-type': CONTACT_EVENT_DETAIL_TYPE, source: 'aws.connect', detail: { eventType: 'INITIATED', contactId: 'c-0' } }, localContext('callback-dispatcher') as never);

const get = async (id: string): Promise<Callback> =>
  (await tables.doc.send(new GetCommand({ TableName: tables.names.callbacks, Key: { pk: `CALLBACK#${id}` }, ConsistentRead: true }))).Item as Callback;

const book = async (phone: string) => {
  const out = await flow.handleCallbackRequest(flowEvent({ operation: 'book', slot: '1' }, { address: phone }), deps());
  expect(out.result).toBe('BOOKED');
  return out.callbackId as string;
};

beforeAll(async () => {
  tables = await seededTables('fault-cb');
  applyEnv({ ...tables.env, ...DISPATCHER_ENV });
  flow = await import('../../lambdas/callback-scheduler/handler');
  dispatcher = await import('../../lambdas/callback-scheduler/dispatcher');
});
afterAll(() => tables.destroy());
beforeEach(() => {
  clock.set(kst('2026-11-24T10:00:00'));
  connect.reset();
  connect.on(StartOutboundVoiceContactCommand).callsFake(async (input: { ClientToken?: string }) => ({ ContactId: `contact-${input.ClientToken}` }));
});

const expectPoliteBookingError = (out: Record<string, string>) => {
  expect(Object.values(out).every((v) => typeof v === 'string')).toBe(true);
  expect(out).toMatchObject({ result: 'ERROR', detail: 'UNAVAILABLE', callbackId: '', message: CALLBACK_MESSAGES.error });
};

describe('callback booking when DynamoDB fails', () => {
  it.each([
    ['ProvisionedThroughputExceededException', () => new ProvisionedThroughputExceededException({ message: 'Rate exceeded', $metadata: {} })],
    ['ThrottlingException', () => Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), { name: 'ThrottlingException' })],
  ])('throttled (%s): the caller hears the polite "try again" message, nothing half-booked; logged and metered', async (_name, error) => {
    const phone = uniquePhone();
    const ddb = mockClient(DynamoDBDocumentClient);
    ddb.onAnyCommand().rejects(error());
    let run;
    try {
      run = await capture(async () => {
        const out = await flow.handleCallbackRequest(flowEvent({ operation: 'book', slot: '1' }, { address: phone }), deps());
        await flushFlow();
        return out;
      });
    } finally {
      ddb.restore();
    }
    expectPoliteBookingError(run.result);
    expect(run.elapsedMs).toBeLessThan(CONNECT_BUDGET_MS);
    expectLoggedWithoutPii(run.out, /callback booking failed/);
    expectMetered(run.out, 'CallbackBookingFailed');
    // Nothing was half-written: once the store is back the same caller books normally.
    const again = await flow.handleCallbackRequest(flowEvent({ operation: 'book', slot: '1' }, { address: phone }), deps());
    expect(again.result).toBe('BOOKED');
  });

  it('unreachable (connection refused on 127.0.0.1:9): the same polite answer, well inside the Connect budget', async () => {
    const doc = createDocumentClient({ endpoint: DEAD_ENDPOINT });
    try {
      const dead = { ...deps(), ...callbackDeps({ ...tables, doc }, clock) };
      const run = await capture(async () => {
        const out = await flow.handleCallbackRequest(flowEvent({ operation: 'book', slot: '1' }, { address: '+821077778888' }), dead);
        await flushFlow();
        return out;
      });
      expectPoliteBookingError(run.result);
      expect(run.elapsedMs).toBeLessThan(CONNECT_BUDGET_MS);
      expectLoggedWithoutPii(run.out, /callback booking failed/);
      expectMetered(run.out, 'CallbackBookingFailed');
    } finally {
      doc.destroy();
    }
  });
});

describe('the dispatcher when Amazon Connect fails', () => {
  // Each case starts from an empty callbacks table, so the run dials exactly the one booking.
  let shared: TestTables;
  beforeEach(async () => {
    shared = tables;
    tables = await seededTables('fault-cbd');
  });
  afterEach(() => {
    tables.destroy();
    tables = shared;
  });

  it.each([
    ['ThrottlingException', () => new ThrottlingException({ message: 'Rate exceeded', $metadata: {} })],
    ['InternalServiceException', () => new InternalServiceException({ message: 'internal error', $metadata: {} })],
    ['a network error', () => Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET' })],
  ])('%s: a BOOKED callback stays PENDING (same attempt), is metered, and is dialed on a later run', async (_name, error) => {
    const phone = uniquePhone();
    const id = await book(phone);
    connect.on(StartOutboundVoiceContactCommand).rejects(error());
    const run = await capture(async () => {
      const out = await dispatcher.handleDispatcherEvent(sampleEvent('dispatch-scheduled.json'), deps());
      await flushDispatcher();
      return out;
    });
    expect(run.result).toMatchObject({ kind: 'dispatch', dialed: 0, deferred: 1 });
    expectMetered(run.out, 'CallbackDialDeferred');
    expectLoggedWithoutPii(run.out, /deferred or failed dials/);
    for (const line of run.out.lines) expect(line).not.toContain(phone.slice(5));
    const held = await get(id);
    expect(held).toMatchObject({ status: 'PENDING', attempts: 0 });

    // Connect recovers; the next run (a minute or two later) dials the same callback.
    connect.on(StartOutboundVoiceContactCommand).callsFake(async (input: { ClientToken?: string }) => ({ ContactId: `contact-${input.ClientToken}` }));
    clock.set(kst('2026-11-24T10:02:00'));
    const later = await dispatcher.handleDispatcherEvent(sampleEvent('dispatch-scheduled.json'), deps());
    expect(later).toMatchObject({ kind: 'dispatch', dialed: 1, dialedCallbackIds: [id] });
    expect(await get(id)).toMatchObject({ status: 'DIALING' });
  });

  it('DestinationNotAllowedException: the attempt is closed as failed (not retried forever), logged-free of the number, metered', async () => {
    const id = await book('+821098765432');
    connect.on(StartOutboundVoiceContactCommand).rejects(new DestinationNotAllowedException({ message: 'Destination not allowed', $metadata: {} }));
    const run = await capture(async () => {
      const out = await dispatcher.handleDispatcherEvent(sampleEvent('dispatch-scheduled.json'), deps());
      await flushDispatcher();
      return out;
    });
    expect(run.result).toMatchObject({ kind: 'dispatch', dialed: 0, failed: 1 });
    expectMetered(run.out, 'CallbackFailed');
    expectLoggedWithoutPii(run.out, /deferred or failed dials/);
    for (const line of run.out.lines) expect(line).not.toContain('98765432');
    expect(await get(id)).toMatchObject({ status: 'FAILED' });
  });
});
