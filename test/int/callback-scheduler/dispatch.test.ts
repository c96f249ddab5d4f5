import { ConnectClient, StartOutboundVoiceContactCommand, ThrottlingException, DestinationNotAllowedException } from '@aws-sdk/client-connect';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { Callback } from '@domain/callbacks/callback';
import type { DispatchDeps } from '@domain/callbacks/dispatch';
import { dispatchDueCallbacks } from '@domain/callbacks/dispatch';
import type { CallbackPolicy } from '@domain/callbacks/policy';
import { FixedClock } from '@domain/clock';
import { ConnectCallDialer, createConnectClient } from '../../../lambdas/adapters/connect/outbound-dialer';
import { RecordingDialer } from '../../../lambdas/adapters/connect/recording-dialer';
import { startLocalDispatcher } from '../../../local/callback-dispatcher';
import { BusinessCalendar } from '@domain/calendar';
import { createTestTables, loadHandlerWithEnv, type TestTables } from '../harness/store';
import { callbackDeps, DISPATCHER_ENV, flowEvent, kst, sampleEvent } from './fixtures';

import type * as FlowModule from '../../../lambdas/callback-scheduler/handler';
import type * as DispatcherModule from '../../../lambdas/callback-scheduler/dispatcher';

const connect = mockClient(ConnectClient);
let tables: TestTables;
let moduleTables: TestTables;
let flow: typeof FlowModule;
let dispatcher: typeof DispatcherModule;
const clock = new FixedClock(kst('2026-11-24T10:00:00'));
const MINUTE = 60_000;
/** Connect's answer: a contact id per ClientToken (like the real service, the same token gives the same contact). */
const answer = async (input: { ClientToken?: string }) => ({ ContactId: `contact-${input.ClientToken}` });

const dialerConfig = {
  instanceId: DISPATCHER_ENV.CONNECT_INSTANCE_ID,
  contactFlowId: DISPATCHER_ENV.OUTBOUND_CONTACT_FLOW_ID,
  queueId: DISPATCHER_ENV.CALLBACK_QUEUE_ID,
};

const deps = (overrides: Partial<CallbackPolicy> = {}): DispatchDeps & ReturnType<typeof callbackDeps> => ({
  ...callbackDeps(tables, clock, overrides),
  dialer: new ConnectCallDialer(createConnectClient(), dialerConfig),
});

const book = async (phone: string, params: Record<string, string> = { slot: '1' }, overrides: Partial<CallbackPolicy> = {}) => {
  const out = await flow.handleCallbackRequest(flowEvent({ operation: 'book', ...params }, { address: phone }), deps(overrides));
  expect(out.result).toBe('BOOKED');
  return String(out.callbackId);
};
const get = async (id: string): Promise<Callback> =>
  (await tables.doc.send(new GetCommand({ TableName: tables.names.callbacks, Key: { pk: `CALLBACK#${id}` }, ConsistentRead: true }))).Item as Callback;
const calls = () => connect.commandCalls(StartOutboundVoiceContactCommand).map((c) => c.args[0].input);
const contactEvent = (file: string, contactId: string) => {
  const e = sampleEvent(file) as { detail: { contactId: string; initialContactId: string } };
  e.detail.contactId = contactId;
  e.detail.initialContactId = contactId;
  return e;
};

beforeAll(async () => {
  moduleTables = await createTestTables('cdm');
  const env = { ...moduleTables.env, ...DISPATCHER_ENV };
  flow = await loadHandlerWithEnv(env, () => import('../../../lambdas/callback-scheduler/handler'));
  dispatcher = await loadHandlerWithEnv(env, () => import('../../../lambdas/callback-scheduler/dispatcher'));
});
afterAll(() => moduleTables.destroy());
beforeEach(async () => {
  clock.set(kst('2026-11-24T10:00:00'));
  tables = await createTestTables('cd');
  connect.reset();
  connect.on(StartOutboundVoiceContactCommand).callsFake(answer);
});
afterEach(() => tables.destroy());

describe('dispatching due callbacks through Amazon Connect', () => {
  it('dials a due callback with the exact StartOutboundVoiceContact input and leases it', async () => {
    const id = await book('+821023456789', { slot: '1', reason: '카드 분실 상담', originalIntent: 'CardLost', customerId: 'C-1002', customerTier: 'VIP' });
    const later = await book('+821011112222', { requestedAt: '2026-11-24T14:00:00+09:00' });
    const summary = await dispatchDueCallbacks(deps(), { runId: 'run-1' });
    expect(summary).toMatchObject({ dialed: 1, skipped: 0, rateLimited: false, dialedCallbackIds: [id] });
    expect(calls()).toEqual([
      {
        InstanceId: '11111111-2222-3333-4444-555555555555',
        ContactFlowId: 'ffffffff-0000-4000-8000-00000000f10w',
        QueueId: 'aaaaaaaa-0000-4000-8000-00000000cbcb',
        DestinationPhoneNumber: '+821023456789',
        ClientToken: `callback-${id}-attempt-1`,
        Attributes: {
          callbackId: id,
          callbackAttempt: '1',
          callbackMaxAttempts: '3',
          callbackReason: '카드 분실 상담',
          customerTier: 'VIP',
          originalIntent: 'CardLost',
          scheduledAt: '2026-11-24T01:00:00.000Z',
          bookedVia: 'IVR',
          customerId: 'C-1002',
          bookedContactId: 'c0ba0001-0001-4000-8000-000000000001',
        },
      },
    ]);
    expect(await get(id)).toMatchObject({
      status: 'DIALING',
      attempts: 1,
      dialedAttempt: 1,
      contactId: `contact-callback-${id}-attempt-1`,
      leaseId: `run-1:${id}`,
      dueAt: '2026-11-24T01:10:00.000Z',
    });
    expect((await get(id)).history.map((h) => h.event)).toEqual(['BOOKED', 'CLAIMED', 'DIALED']);
    expect((await get(later)).status).toBe('PENDING');
  });

  it('two dispatchers running at the same time dial each callback exactly once', async () => {
    const ids: string[] = [];
    // Capacity 50, so all twelve share the current slot and are due now.
    for (let i = 0; i < 12; i++) ids.push(await book(`+8210400000${String(i).padStart(2, '0')}`, { slot: '1' }, { capacityPerSlot: 50 }));
    connect.on(StartOutboundVoiceContactCommand).callsFake(async (input: { ClientToken?: string }) => {
      await new Promise((r) => setTimeout(r, 5));
      return { ContactId: `contact-${input.ClientToken}` };
    });
    const [a, b] = await Promise.all([dispatchDueCallbacks(deps({ dialsPerMinute: 50 })), dispatchDueCallbacks(deps({ dialsPerMinute: 50 }))]);
    expect(a.dialed + b.dialed).toBe(12);
    const tokens = calls().map((c) => c.ClientToken);
    expect(tokens).toHaveLength(12);
    expect(new Set(tokens).size).toBe(12);
    expect([...a.dialedCallbackIds, ...b.dialedCallbackIds].sort()).toEqual([...ids].sort());
    for (const id of ids) expect((await get(id)).attempts).toBe(1);
  });

  it('respects the maximum dial rate per minute, across concurrent dispatchers too', async () => {
    for (let i = 0; i < 7; i++) await book(`+8210500000${String(i).padStart(2, '0')}`);
    const policy = { dialsPerMinute: 3 };
    const [a, b] = await Promise.all([dispatchDueCallbacks(deps(policy)), dispatchDueCallbacks(deps(policy))]);
    expect(a.dialed + b.dialed).toBe(3);
    expect(a.rateLimited || b.rateLimited).toBe(true);
    expect((await dispatchDueCallbacks(deps(policy))).dialed).toBe(0);
    clock.advance(MINUTE);
    expect((await dispatchDueCallbacks(deps(policy))).dialed).toBe(3);
    clock.advance(MINUTE);
    expect((await dispatchDueCallbacks(deps(policy))).dialed).toBe(1);
    expect(calls()).toHaveLength(7);
  });

  it('returns a callback whose dispatcher crashed before the dial was confirmed, redialing with the same ClientToken', async () => {
    const id = await book('+821023456789');
    const d = deps();
    // A dispatcher claims it and dies before Connect answers (no contact id recorded).
    const claimed = await d.repository.transition(id, {
      from: ['PENDING'],
      to: 'DIALING',
      now: clock.now(),
      dueAt: new Date(clock.now().getTime() + 10 * MINUTE),
      attemptsDelta: 1,
      leaseId: 'crashed-run',
      entry: { at: clock.now().toISOString(), event: 'CLAIMED', status: 'DIALING', by: 'dispatcher:crashed-run', attempt: 1 },
    });
    expect(claimed?.status).toBe('DIALING');
    expect((await dispatchDueCallbacks(d)).dialed).toBe(0); // lease still running: nobody touches it
    clock.advance(11 * MINUTE);
    const summary = await dispatchDueCallbacks(d);
    expect(summary).toMatchObject({ requeued: 1, dialed: 1 });
    expect(calls().map((c) => c.ClientToken)).toEqual([`callback-${id}-attempt-1`]);
    const item = await get(id);
    expect(item).toMatchObject({ status: 'DIALING', attempts: 1, dialedAttempt: 1 });
    expect(item.history.map((h) => h.event)).toEqual(['BOOKED', 'CLAIMED', 'LEASE_EXPIRED', 'CLAIMED', 'DIALED']);
  });

  it('counts a dialed attempt whose result never arrived as failed and retries it 15 minutes later', async () => {
    const id = await book('+821023456789');
    await dispatchDueCallbacks(deps());
    clock.advance(11 * MINUTE);
    expect(await dispatchDueCallbacks(deps())).toMatchObject({ timedOut: 1, dialed: 0 });
    expect(await get(id)).toMatchObject({ status: 'PENDING', attempts: 1, lastOutcome: 'NO_RESULT', dueAt: kst('2026-11-24T10:26:00').toISOString() });
  });

  it('retries no answer and busy after 15 minutes, then FAILS after 3 attempts and frees the number', async () => {
    const id = await book('+821023456789');
    const outcomes = ['contact-event-disconnected-no-answer.json', 'contact-event-disconnected-busy.json', 'contact-event-disconnected-no-answer.json'];
    for (const [i, file] of outcomes.entries()) {
      expect((await dispatchDueCallbacks(deps())).dialed).toBe(1);
      const contactId = `contact-callback-${id}-attempt-${i + 1}`;
      const result = await dispatcher.handleDispatcherEvent(contactEvent(file, contactId), deps());
      expect(result).toMatchObject({ kind: 'outcome', status: i < 2 ? 'RETRY_SCHEDULED' : 'FAILED' });
      if (i < 2) {
        expect(await get(id)).toMatchObject({ status: 'PENDING', dueAt: new Date(clock.now().getTime() + 15 * MINUTE).toISOString() });
        expect((await dispatchDueCallbacks(deps())).dialed).toBe(0); // not before the 15 minutes
        clock.advance(15 * MINUTE);
      }
    }
    expect(calls().map((c) => c.ClientToken)).toEqual([1, 2, 3].map((n) => `callback-${id}-attempt-${n}`));
    const failed = await get(id);
    expect(failed).toMatchObject({ status: 'FAILED', attempts: 3, lastOutcome: 'NO_ANSWER', endedAt: clock.now().toISOString() });
    expect(failed.expiresAt).toBe(Math.floor(clock.now().getTime() / 1000) + 90 * 86_400);
    expect(failed.history.filter((h) => h.event === 'RETRY_SCHEDULED').map((h) => h.detail?.split(' ')[0])).toEqual([
      'DISCONNECTED/TELECOM_UNANSWERED',
      'DISCONNECTED/TELECOM_BUSY',
    ]);
    expect(failed.history.at(-1)).toMatchObject({ event: 'ATTEMPTS_EXHAUSTED', status: 'FAILED', by: 'connect' });
    // A late duplicate of the last event changes nothing; the customer may book again.
    expect(await dispatcher.handleDispatcherEvent(contactEvent(outcomes[2] ?? '', `contact-callback-${id}-attempt-3`), deps())).toMatchObject({
      status: 'IGNORED',
    });
    await book('+821023456789');
  });

  it('rolls a retry that would fall after closing over to the next open day (Friday → Monday, Christmas)', async () => {
    clock.set(kst('2026-11-27T17:40:00')); // 금요일
    const id = await book('+821023456789');
    await dispatchDueCallbacks(deps());
    clock.set(kst('2026-11-27T17:50:00'));
    await dispatcher.handleDispatcherEvent(contactEvent('contact-event-disconnected-no-answer.json', `contact-callback-${id}-attempt-1`), deps());
    expect(await get(id)).toMatchObject({ status: 'PENDING', dueAt: kst('2026-11-30T09:00:00').toISOString() });

    clock.set(kst('2026-12-24T17:40:00')); // 목요일, 다음 날 기독탄신일
    const xmas = await book('+821011112222');
    await dispatchDueCallbacks(deps());
    clock.set(kst('2026-12-24T17:55:00'));
    await dispatcher.handleDispatcherEvent(contactEvent('contact-event-disconnected-busy.json', `contact-callback-${xmas}-attempt-1`), deps());
    expect(await get(xmas)).toMatchObject({ status: 'PENDING', dueAt: kst('2026-12-28T09:00:00').toISOString() });
  });

  it('COMPLETES when the outbound flow reports the customer connected; the contact event after it is ignored', async () => {
    const id = await book('+821023456789');
    await dispatchDueCallbacks(deps());
    const [input] = calls();
    const fromFlow = flowEvent({ operation: 'outcome', result: 'CONNECTED' }, { attributes: input?.Attributes, contactId: `contact-callback-${id}-attempt-1` });
    expect(await flow.handleCallbackRequest(fromFlow, deps())).toMatchObject({ result: 'COMPLETED', callbackId: id, callbackStatus: 'COMPLETED' });
    const item = await get(id);
    expect(item).toMatchObject({ status: 'COMPLETED', lastOutcome: 'CONNECTED' });
    expect(item.history.at(-1)).toMatchObject({ event: 'CONNECTED', by: 'flow' });
    expect(await dispatcher.handleDispatcherEvent(contactEvent('contact-event-connected-to-agent.json', `contact-callback-${id}-attempt-1`), deps())).toMatchObject({
      status: 'IGNORED',
    });
    expect(await flow.handleCallbackRequest(flowEvent({ operation: 'book', slot: '1' }), deps())).toMatchObject({ result: 'BOOKED' });
  });

  it('COMPLETES from the Connect contact event (CONNECTED_TO_AGENT) matched by contact id; other contacts are ignored', async () => {
    const id = await book('+821023456789');
    await dispatchDueCallbacks(deps());
    expect(await dispatcher.handleDispatcherEvent(contactEvent('contact-event-connected-to-agent.json', `contact-callback-${id}-attempt-1`), deps())).toMatchObject({
      kind: 'outcome',
      status: 'COMPLETED',
      callbackId: id,
    });
    // Events of contacts that are not callbacks are ignored.
    expect(await dispatcher.handleDispatcherEvent(contactEvent('contact-event-connected-to-agent.json', 'someone-elses-call'), deps())).toMatchObject({
      status: 'IGNORED',
    });
  });

  it('defers a throttled dial without spending the attempt, and fails a number Connect will never dial', async () => {
    const id = await book('+821023456789');
    connect.on(StartOutboundVoiceContactCommand).rejectsOnce(new ThrottlingException({ message: 'slow down', $metadata: {} })).callsFake(answer);
    expect(await dispatchDueCallbacks(deps())).toMatchObject({ dialed: 0, deferred: 1 });
    expect(await get(id)).toMatchObject({ status: 'PENDING', attempts: 0, dueAt: kst('2026-11-24T10:01:00').toISOString() });
    clock.advance(MINUTE);
    expect((await dispatchDueCallbacks(deps())).dialed).toBe(1);
    expect(calls().map((c) => c.ClientToken)).toEqual([`callback-${id}-attempt-1`, `callback-${id}-attempt-1`]);

    const other = await book('+821011112222');
    connect.reset();
    connect.on(StartOutboundVoiceContactCommand).rejectsOnce(new DestinationNotAllowedException({ message: 'not allowed', $metadata: {} })).callsFake(answer);
    expect(await dispatchDueCallbacks(deps())).toMatchObject({ failed: 1 });
    expect(await get(other)).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect((await get(other)).history.at(-1)).toMatchObject({ event: 'DIAL_REJECTED' });
  });

  it('a callback cancelled while its call is ringing ignores the late result', async () => {
    const id = await book('+821023456789');
    await dispatchDueCallbacks(deps());
    expect(await flow.handleCallbackRequest(flowEvent({ operation: 'cancel' }), deps())).toMatchObject({ result: 'CANCELLED' });
    expect(await dispatcher.handleDispatcherEvent(contactEvent('contact-event-disconnected-no-answer.json', `contact-callback-${id}-attempt-1`), deps())).toMatchObject({
      status: 'IGNORED',
    });
    expect((await get(id)).status).toBe('CANCELLED');
  });

  it('lists callbacks by status and day for operations, through the indexes', async () => {
    const a = await book('+821023456789');
    const b = await book('+821011112222', { requestedAt: '2026-11-25T11:00:00+09:00' });
    await dispatchDueCallbacks(deps());
    const repo = deps().repository;
    expect((await repo.listByDay('2026-11-24')).map((c) => c.callbackId)).toEqual([a]);
    expect((await repo.listByStatus('PENDING', '2026-11-25')).map((c) => c.callbackId)).toEqual([b]);
    expect((await repo.listByStatus('DIALING', '2026-11-24')).map((c) => c.callbackId)).toEqual([a]);
    expect(await repo.listByStatus('PENDING', '2026-11-24')).toEqual([]);
  });

  it('runs the scheduled event through the wrapped Lambda handler', async () => {
    const out = (await dispatcher.handler(sampleEvent('dispatch-scheduled.json'), {} as never)) as { kind: string };
    expect(out.kind).toBe('dispatch');
  });
});

describe('the local dispatcher of npm start', () => {
  it('records the calls it would place, once per attempt', async () => {
    const id = await book('+821023456789');
    const dialer = new RecordingDialer();
    const local = startLocalDispatcher({
      intervalMs: 60_000,
      dialer,
      clock,
      doc: tables.doc,
      rules: { tableName: tables.names.callbacks, calendar: new BusinessCalendar(), policy: deps().policy },
    });
    try {
      expect((await local.runOnce()).dialed).toBe(1);
      expect((await local.runOnce()).dialed).toBe(0);
    } finally {
      await local.stop();
    }
    expect(dialer.calls).toEqual([
      expect.objectContaining({ callbackId: id, attempt: 1, clientToken: `callback-${id}-attempt-1`, destinationMasked: '+8210****6789' }),
    ]);
    expect(calls()).toHaveLength(0);
  });
});
