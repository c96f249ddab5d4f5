import { readdirSync } from 'node:fs';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { FixedClock } from '@domain/clock';
import type { CallbackPolicy } from '@domain/callbacks/policy';
import { createDocumentClient } from '../../../lambdas/adapters/dynamodb/client';
import { DynamoCallbackCounters, DynamoCallbackRepository } from '../../../lambdas/adapters/dynamodb/callback-store';
import { localContext } from '../../../local/lambdas';
import { createTestTables, loadHandlerWithEnv, type TestTables } from '../harness/store';
import { callbackDeps, EVENTS_DIR, flowEvent, kst, sampleEvent } from './fixtures';

import type * as HandlerModule from '../../../lambdas/callback-scheduler/handler';
type Module = typeof HandlerModule;

let moduleTables: TestTables;
let tables: TestTables;
let mod: Module;
const clock = new FixedClock(kst('2026-11-24T10:00:00')); // 화요일 오전 10시

const deps = (overrides: Partial<CallbackPolicy> = {}) => callbackDeps(tables, clock, overrides);
const book = (params: Record<string, string>, address?: string, overrides: Partial<CallbackPolicy> = {}) =>
  mod.handleCallbackRequest(flowEvent({ operation: 'book', ...params }, { address }), deps(overrides));
const item = async (pk: string) => (await tables.doc.send(new GetCommand({ TableName: tables.names.callbacks, Key: { pk }, ConsistentRead: true }))).Item;

beforeAll(async () => {
  moduleTables = await createTestTables('cbm');
  mod = await loadHandlerWithEnv(moduleTables.env, () => import('../../../lambdas/callback-scheduler/handler'));
});
afterAll(() => moduleTables.destroy());
beforeEach(async () => {
  clock.set(kst('2026-11-24T10:00:00'));
  tables = await createTestTables('cb');
});
afterEach(() => tables.destroy());

describe('booking a callback from the Connect flow', () => {
  it('books through the wrapped Lambda handler and answers flat strings', async () => {
    const out = (await mod.handler(sampleEvent('book-asap.json'), localContext('callback-scheduler') as never)) as Record<string, string>;
    expect(out.result).toBe('BOOKED');
    expect(out.scheduledAtText).toMatch(/^\d{1,2}월 \d{1,2}일 [일월화수목금토]요일 오[전후] \d{1,2}시( \d{1,2}분)?$/);
    expect(Object.values(out).every((v) => typeof v === 'string')).toBe(true);
  });

  it('answers every sample event with a flat string map under 32 KB, never an exception', async () => {
    for (const file of readdirSync(EVENTS_DIR).filter((f) => !f.startsWith('contact-event') && !f.startsWith('dispatch'))) {
      const out = await mod.handleCallbackRequest(sampleEvent(file), deps());
      expect(Object.values(out).every((v) => typeof v === 'string')).toBe(true);
      expect(Buffer.byteLength(JSON.stringify(out))).toBeLessThan(32 * 1024);
      expect(out.result).toMatch(/^[A-Z_]+$/);
    }
  });

  it('BOOKED as soon as possible: now, spoken in Korean, stored PENDING with its history', async () => {
    const out = await book({ slot: '1', reason: '카드 분실 상담', originalIntent: 'CardLost' });
    expect(out).toMatchObject({
      result: 'BOOKED',
      scheduledAt: '2026-11-24T01:00:00.000Z',
      scheduledAtText: '11월 24일 화요일 오전 10시',
      message: '콜백 예약이 완료되었습니다. 11월 24일 화요일 오전 10시부터 순서대로 상담원이 전화드리겠습니다. 감사합니다.',
    });
    const stored = await item(`CALLBACK#${out.callbackId}`);
    expect(stored).toMatchObject({
      status: 'PENDING',
      phoneE164: '+821023456789',
      dueAt: '2026-11-24T01:00:00.000Z',
      scheduledDay: '2026-11-24',
      attempts: 0,
      reason: '카드 분실 상담',
      originalIntent: 'CardLost',
      history: [{ event: 'BOOKED', status: 'PENDING', by: 'customer', detail: 'ASAP' }],
    });
    expect(stored?.expiresAt).toBeUndefined();
  });

  it('resolves DTMF 2 (오늘 오후) and 3 (내일 오전) with the calendar', async () => {
    expect(await book({ slot: '2' }, '+821011112222')).toMatchObject({ result: 'BOOKED', scheduledAtText: '11월 24일 화요일 오후 12시' });
    expect(await book({ slot: '3' }, '+821011113333')).toMatchObject({ result: 'BOOKED', scheduledAtText: '11월 25일 수요일 오전 9시' });
  });

  it('books an exact requested time (Kakao, or accepting an offered time)', async () => {
    const out = await book({ requestedAt: '2026-11-26T15:30:00+09:00', source: 'KAKAO' });
    expect(out).toMatchObject({ result: 'BOOKED', scheduledAt: '2026-11-26T06:30:00.000Z', scheduledAtText: '11월 26일 목요일 오후 3시 30분' });
    expect(await item(`CALLBACK#${out.callbackId}`)).toMatchObject({ source: 'KAKAO', scheduledDay: '2026-11-26' });
  });

  it('uses a DTMF-entered number when the caller id is withheld', async () => {
    const out = await mod.handleCallbackRequest(sampleEvent('book-dtmf-number.json'), deps());
    expect(out.result).toBe('BOOKED');
    expect(await item(`CALLBACK#${out.callbackId}`)).toMatchObject({ phoneE164: '+82234567890' });
  });

  it('INVALID_NUMBER for a number that is not Korean or a withheld caller id without entry', async () => {
    expect(await mod.handleCallbackRequest(sampleEvent('book-invalid-number.json'), deps())).toMatchObject({
      result: 'INVALID_NUMBER',
      callbackId: '',
      message: expect.stringContaining('전화번호를 확인할 수 없습니다'),
    });
    expect(await book({ slot: '1' }, 'anonymous')).toMatchObject({ result: 'INVALID_NUMBER' });
    expect(await book({ slot: '1', phoneNumber: '+1 415 555 0100' }, 'anonymous')).toMatchObject({ result: 'INVALID_NUMBER' });
  });

  it('DUPLICATE: a second booking for the same number returns the existing callback', async () => {
    const first = await book({ slot: '3' });
    const second = await book({ slot: '1' }, '010-2345-6789');
    expect(second).toMatchObject({
      result: 'DUPLICATE',
      callbackId: first.callbackId,
      scheduledAt: first.scheduledAt,
      message: '이미 11월 25일 수요일 오전 9시에 콜백이 예약되어 있습니다. 예약하신 시간에 상담원이 전화드리겠습니다.',
    });
    const day = await new DynamoCallbackRepository(tables.doc, tables.names.callbacks, clock).listByDay('2026-11-24');
    expect(day).toHaveLength(0);
  });

  it('books exactly one callback when the same number books five times at once (conditional write)', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => book({ slot: '1' }, '+821099998888')));
    expect(results.filter((r) => r.result === 'BOOKED')).toHaveLength(1);
    expect(results.filter((r) => r.result === 'DUPLICATE')).toHaveLength(4);
    const day = await new DynamoCallbackRepository(tables.doc, tables.names.callbacks, clock).listByDay('2026-11-24');
    expect(day).toHaveLength(1);
    // Only the winner holds a place in the slot.
    const counts = await new DynamoCallbackCounters(tables.doc, tables.names.callbacks, clock).counts(['2026-11-24T01:00:00.000Z']);
    expect(counts.get('2026-11-24T01:00:00.000Z')).toBe(1);
  });

  it('OUTSIDE_HOURS on 기독탄신일 (2026-12-25), naming the holiday and offering the next open slot', async () => {
    clock.set(kst('2026-12-21T10:00:00'));
    const out = await book({ requestedAt: '2026-12-25T10:00:00+09:00' });
    expect(out).toMatchObject({
      result: 'OUTSIDE_HOURS',
      detail: 'HOLIDAY',
      callbackId: '',
      scheduledAt: kst('2026-12-28T09:00:00').toISOString(),
      scheduledAtText: '12월 28일 월요일 오전 9시',
      message: '12월 25일 금요일은 기독탄신일이라 상담을 하지 않습니다. 가장 빠른 예약 가능 시간은 12월 28일 월요일 오전 9시입니다.',
    });
  });

  it('OUTSIDE_HOURS for 내일 오전 when tomorrow is 추석 (2026-09-25)', async () => {
    clock.set(kst('2026-09-24T10:00:00'));
    const out = await book({ slot: '3' });
    expect(out).toMatchObject({ result: 'OUTSIDE_HOURS', detail: 'HOLIDAY', scheduledAtText: '9월 28일 월요일 오전 9시' });
    expect(out.message).toContain('추석이라 상담을 하지 않습니다');
  });

  it('OUTSIDE_HOURS after closing, on a weekend, and in the past', async () => {
    expect(await book({ requestedAt: '2026-11-24T19:00:00+09:00' })).toMatchObject({
      result: 'OUTSIDE_HOURS',
      detail: 'AFTER_HOURS',
      scheduledAtText: '11월 25일 수요일 오전 9시',
    });
    expect(await book({ requestedAt: '2026-11-28T11:00:00+09:00' }, '+821011114444')).toMatchObject({
      result: 'OUTSIDE_HOURS',
      detail: 'CLOSED_DAY',
      message: expect.stringContaining('11월 28일 토요일은 휴무일이라'),
      scheduledAtText: '11월 30일 월요일 오전 9시',
    });
    expect(await book({ requestedAt: '2026-11-24T09:00:00+09:00' }, '+821011115555')).toMatchObject({ result: 'OUTSIDE_HOURS', detail: 'PAST' });
    clock.set(kst('2026-11-28T11:00:00'));
    expect(await book({ slot: '2' }, '+821011116666')).toMatchObject({ result: 'OUTSIDE_HOURS', detail: 'CLOSED_DAY' });
  });

  it('as soon as possible after hours rolls over to the next open day', async () => {
    clock.set(kst('2026-12-24T19:30:00')); // 목요일 저녁, 다음 날은 기독탄신일
    expect(await book({ slot: '1' })).toMatchObject({ result: 'BOOKED', scheduledAtText: '12월 28일 월요일 오전 9시' });
  });

  it('TOO_FAR beyond 7 days', async () => {
    const out = await book({ requestedAt: '2026-12-02T10:00:00+09:00' });
    expect(out).toMatchObject({ result: 'TOO_FAR', callbackId: '' });
    expect(out.message).toContain('7일 이내로만');
  });

  it('FULL when the slot holds its capacity, offering the next free slot which can then be booked', async () => {
    const cap = { capacityPerSlot: 2 };
    const at = { requestedAt: '2026-11-24T14:00:00+09:00' };
    expect((await book(at, '+821020000001', cap)).result).toBe('BOOKED');
    expect((await book(at, '+821020000002', cap)).result).toBe('BOOKED');
    const full = await book(at, '+821020000003', cap);
    expect(full).toMatchObject({
      result: 'FULL',
      detail: 'NEXT_FREE_OFFERED',
      scheduledAt: kst('2026-11-24T14:30:00').toISOString(),
      message: '요청하신 시간에는 콜백 예약이 모두 찼습니다. 가장 빠른 예약 가능 시간은 11월 24일 화요일 오후 2시 30분입니다.',
    });
    // The flow offers it; the customer accepts; the same number books the offered time.
    const accepted = await book({ requestedAt: String(full.scheduledAt) }, '+821020000003', cap);
    expect(accepted).toMatchObject({ result: 'BOOKED', scheduledAtText: '11월 24일 화요일 오후 2시 30분' });
  });

  it('never overbooks a slot under concurrent bookings, and ASAP moves on to the next free slot', async () => {
    const cap = { capacityPerSlot: 2 };
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => book({ requestedAt: '2026-11-24T10:10:00+09:00' }, `+8210300000${String(i).padStart(2, '0')}`, cap)),
    );
    expect(results.filter((r) => r.result === 'BOOKED')).toHaveLength(2);
    expect(results.filter((r) => r.result === 'FULL')).toHaveLength(4);
    const counts = await new DynamoCallbackCounters(tables.doc, tables.names.callbacks, clock).counts(['2026-11-24T01:00:00.000Z']);
    expect(counts.get('2026-11-24T01:00:00.000Z')).toBe(2);
    // A FULL booking must not leave its number locked.
    const loser = results.findIndex((r) => r.result === 'FULL');
    const asap = await book({ slot: '1' }, `+8210300000${String(loser).padStart(2, '0')}`, cap);
    expect(asap).toMatchObject({ result: 'BOOKED', scheduledAtText: '11월 24일 화요일 오전 10시 30분' });
  });

  it('ERROR with a spoken apology when the store is unreachable, and for an unreadable choice', async () => {
    const dead = createDocumentClient({ endpoint: 'http://127.0.0.1:9', requestTimeoutMs: 300, maxAttempts: 1 });
    const broken = { ...deps(), repository: new DynamoCallbackRepository(dead, 'nope', clock), capacity: new DynamoCallbackCounters(dead, 'nope', clock) };
    const out = await mod.handleCallbackRequest(flowEvent({ operation: 'book', slot: '1' }), broken);
    expect(out).toMatchObject({ result: 'ERROR', detail: 'UNAVAILABLE', message: expect.stringContaining('잠시 후 다시 시도해 주세요') });
    dead.destroy();
    expect(await book({ slot: '9' })).toMatchObject({ result: 'ERROR', detail: 'BAD_REQUEST' });
  });

  it('recovers a number whose booking crashed between the lock and the callback write', async () => {
    const lock = (createdAt: Date) =>
      tables.doc.send(
        new PutCommand({
          TableName: tables.names.callbacks,
          Item: { pk: 'ACTIVE#+821077776666', callbackId: 'never-written', createdAt: createdAt.toISOString(), expiresAt: 4_102_444_800 },
        }),
      );
    await lock(clock.now());
    // Fresh: the other booking may still be writing.
    expect(await book({ slot: '1' }, '+821077776666')).toMatchObject({ result: 'DUPLICATE', callbackId: '' });
    await lock(new Date(clock.now().getTime() - 5 * 60_000));
    const out = await book({ slot: '1' }, '+821077776666');
    expect(out.result).toBe('BOOKED');
    expect(await item('ACTIVE#+821077776666')).toMatchObject({ callbackId: out.callbackId });
  });
});

describe('cancelling a callback', () => {
  it('the customer cancels from the IVR: CANCELLED with history and TTL, the number and the slot are free again', async () => {
    const booked = await book({ requestedAt: '2026-11-24T15:00:00+09:00' }, undefined, { capacityPerSlot: 1 });
    clock.advance(60_000);
    const out = await mod.handleCallbackRequest(flowEvent({ operation: 'cancel' }), deps({ capacityPerSlot: 1 }));
    expect(out).toMatchObject({ result: 'CANCELLED', callbackId: booked.callbackId, message: '11월 24일 화요일 오후 3시 콜백 예약이 취소되었습니다.' });
    const stored = await item(`CALLBACK#${booked.callbackId}`);
    expect(stored).toMatchObject({ status: 'CANCELLED', endedAt: '2026-11-24T01:01:00.000Z' });
    expect(stored?.history.map((h: { event: string }) => h.event)).toEqual(['BOOKED', 'CANCELLED']);
    expect(stored?.expiresAt).toBe(Math.floor(clock.now().getTime() / 1000) + 90 * 24 * 3600);
    // The lock is released (expired now, left for TTL) rather than deleted.
    expect((await item('ACTIVE#+821023456789'))?.expiresAt).toBeLessThan(Math.floor(clock.now().getTime() / 1000));
    // The single place in the 15:00 slot is free for someone else.
    expect(await book({ requestedAt: '2026-11-24T15:00:00+09:00' }, '+821055554444', { capacityPerSlot: 1 })).toMatchObject({ result: 'BOOKED' });
    expect(await mod.handleCallbackRequest(flowEvent({ operation: 'cancel' }), deps())).toMatchObject({ result: 'NOT_FOUND' });
  });

  it('an operator cancels by callback id; the customer can book again', async () => {
    const booked = await book({ slot: '2' });
    const out = await mod.handleCallbackRequest(flowEvent({ operation: 'cancel', callbackId: String(booked.callbackId), operatorId: 'agent-7' }, { address: 'anonymous' }), deps());
    expect(out.result).toBe('CANCELLED');
    const stored = await item(`CALLBACK#${booked.callbackId}`);
    expect(stored?.history.at(-1)).toMatchObject({ event: 'CANCELLED', by: 'operator:agent-7' });
    expect(await book({ slot: '1' })).toMatchObject({ result: 'BOOKED' });
  });
});
