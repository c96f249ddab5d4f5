import { BusinessCalendar, parseBusinessHours } from '@domain/calendar';
import { clientTokenFor } from '@domain/callbacks/callback';
import { CALLBACK_MESSAGES, particle, speakableHoliday } from '@domain/callbacks/messages';
import { callbackPolicy } from '@domain/callbacks/policy';
import { nextAttemptAt, parseSlotPreference, resolveWindow, slotsBetween } from '@domain/callbacks/slots';
import { readContactEvent } from '../../../lambdas/adapters/connect/contact-events';

const calendar = new BusinessCalendar();
const policy = callbackPolicy();
const kst = (local: string) => new Date(`${local}+09:00`);
const iso = (d: Date | undefined) => d?.toISOString();

describe('slot preferences', () => {
  it('reads DTMF choices 1/2/3, choice names, and ISO times with an offset', () => {
    expect(parseSlotPreference({ slot: '1' })).toEqual({ kind: 'ASAP' });
    expect(parseSlotPreference({ slot: '2' })).toEqual({ kind: 'TODAY_AFTERNOON' });
    expect(parseSlotPreference({ slot: '3' })).toEqual({ kind: 'TOMORROW_MORNING' });
    expect(parseSlotPreference({ slot: 'tomorrow_morning' })).toEqual({ kind: 'TOMORROW_MORNING' });
    expect(parseSlotPreference({})).toEqual({ kind: 'ASAP' });
    expect(parseSlotPreference({ requestedAt: '2026-11-25T10:00:00+09:00' })).toEqual({ kind: 'AT', at: kst('2026-11-25T10:00:00') });
  });

  it('refuses unknown digits and times without a zone', () => {
    expect(parseSlotPreference({ slot: '9' })).toBeUndefined();
    expect(parseSlotPreference({ slot: 'AT' })).toBeUndefined();
    expect(parseSlotPreference({ requestedAt: '2026-11-25T10:00:00' })).toBeUndefined();
    expect(parseSlotPreference({ requestedAt: '내일 10시' })).toBeUndefined();
  });
});

describe('booking windows on the Seoul business calendar', () => {
  const monday10 = kst('2026-11-24T10:00:00');

  it('ASAP during hours starts now, in the current slot', () => {
    const w = resolveWindow({ kind: 'ASAP' }, kst('2026-11-24T10:07:00'), calendar, policy);
    expect(w.ok && iso(w.candidates[0]?.at)).toBe(iso(kst('2026-11-24T10:07:00')));
    expect(w.ok && iso(w.candidates[0]?.slotStart)).toBe(iso(kst('2026-11-24T10:00:00')));
    expect(w.ok && iso(w.candidates[1]?.at)).toBe(iso(kst('2026-11-24T10:30:00')));
  });

  it('ASAP after hours on Christmas Eve rolls over the holiday and the weekend', () => {
    const w = resolveWindow({ kind: 'ASAP' }, kst('2026-12-24T19:00:00'), calendar, policy);
    expect(w.ok && iso(w.candidates[0]?.at)).toBe(iso(kst('2026-12-28T09:00:00')));
  });

  it('오늘 오후 is 12:00 to closing; 내일 오전 is opening to 12:00 on the next day', () => {
    const afternoon = resolveWindow({ kind: 'TODAY_AFTERNOON' }, monday10, calendar, policy);
    expect(afternoon.ok && afternoon.candidates.map((c) => iso(c.at))).toHaveLength(12);
    expect(afternoon.ok && iso(afternoon.candidates[0]?.at)).toBe(iso(kst('2026-11-24T12:00:00')));
    const morning = resolveWindow({ kind: 'TOMORROW_MORNING' }, monday10, calendar, policy);
    expect(morning.ok && morning.candidates.map((c) => iso(c.at))).toEqual(
      ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'].map((t) => iso(kst(`2026-11-25T${t}:00`))),
    );
  });

  it('refuses 내일 오전 when tomorrow is 추석, naming the holiday', () => {
    const w = resolveWindow({ kind: 'TOMORROW_MORNING' }, kst('2026-09-24T10:00:00'), calendar, policy);
    expect(w).toMatchObject({ ok: false, result: 'OUTSIDE_HOURS', detail: 'HOLIDAY', holiday: '추석' });
  });

  it('classifies requested times: past, too far, holiday, weekend, after hours', () => {
    const at = (local: string) => resolveWindow({ kind: 'AT', at: kst(local) }, monday10, calendar, policy);
    expect(at('2026-11-24T09:30:00')).toMatchObject({ ok: false, detail: 'PAST' });
    expect(at('2026-12-02T10:00:00')).toMatchObject({ ok: false, result: 'TOO_FAR' });
    expect(at('2026-11-28T10:00:00')).toMatchObject({ ok: false, detail: 'CLOSED_DAY' });
    expect(at('2026-11-24T18:00:00')).toMatchObject({ ok: false, detail: 'AFTER_HOURS' });
    expect(at('2026-11-25T14:10:00')).toMatchObject({ ok: true, candidates: [{ slotStart: kst('2026-11-25T14:00:00'), at: kst('2026-11-25T14:10:00') }] });
  });

  it('lists slots across days inside hours only, with a Saturday half-day', () => {
    const cal = new BusinessCalendar(parseBusinessHours('mon-fri 09:00-18:00; sat 10:00-13:00'));
    const slots = slotsBetween(cal, kst('2026-11-27T17:00:00'), kst('2026-11-30T09:40:00'), 30).map((s) => iso(s.at));
    expect(slots).toEqual(
      ['2026-11-27T17:00', '2026-11-27T17:30', '2026-11-28T10:00', '2026-11-28T10:30', '2026-11-28T11:00', '2026-11-28T11:30', '2026-11-28T12:00', '2026-11-28T12:30', '2026-11-30T09:00', '2026-11-30T09:30'].map(
        (t) => iso(kst(`${t}:00`)),
      ),
    );
  });

  it('retries 15 minutes later, or at the next open slot when that is after hours', () => {
    expect(iso(nextAttemptAt(kst('2026-11-24T10:00:00'), calendar, policy))).toBe(iso(kst('2026-11-24T10:15:00')));
    expect(iso(nextAttemptAt(kst('2026-11-24T17:50:00'), calendar, policy))).toBe(iso(kst('2026-11-25T09:00:00')));
    expect(iso(nextAttemptAt(kst('2026-11-27T17:50:00'), calendar, policy))).toBe(iso(kst('2026-11-30T09:00:00')));
    expect(iso(nextAttemptAt(kst('2026-09-23T17:55:00'), calendar, policy))).toBe(iso(kst('2026-09-28T09:00:00')));
  });
});

describe('callback wording and tokens', () => {
  it('picks particles by the final consonant and makes gazette names speakable', () => {
    expect(particle('추석', '이라', '라')).toBe('이라');
    expect(particle('설 연휴', '이라', '라')).toBe('라');
    expect(particle('월요일', '은', '는')).toBe('은');
    expect(speakableHoliday('대체공휴일(개천절)')).toBe('개천절 대체공휴일');
    expect(CALLBACK_MESSAGES.outsideHours('HOLIDAY', { day: kst('2026-12-25T10:00:00'), holiday: '기독탄신일' })).toBe(
      '12월 25일 금요일은 기독탄신일이라 상담을 하지 않습니다.',
    );
    expect(CALLBACK_MESSAGES.booked(kst('2026-11-24T10:30:00'))).toBe('콜백 예약이 완료되었습니다. 11월 24일 화요일 오전 10시 30분에 상담원이 전화드리겠습니다. 감사합니다.');
  });

  it('derives one ClientToken per callback and attempt, under 500 characters', () => {
    expect(clientTokenFor('abc', 1)).toBe('callback-abc-attempt-1');
    expect(clientTokenFor('abc', 1)).toBe(clientTokenFor('abc', 1));
    expect(clientTokenFor('abc', 2)).not.toBe(clientTokenFor('abc', 1));
    expect(clientTokenFor('x'.repeat(600), 1).length).toBeLessThanOrEqual(500);
  });
});

describe('Connect contact events', () => {
  const event = (detail: Record<string, unknown>) => ({
    source: 'aws.connect',
    'detail-type': 'Amazon Connect Contact Event',
    detail: { contactId: 'c-1', channel: 'VOICE', initiationMethod: 'API', ...detail },
  });

  it('maps agent connection, busy, no answer and drops; ignores progress events', () => {
    expect(readContactEvent(event({ eventType: 'CONNECTED_TO_AGENT' }))).toMatchObject({ outcome: 'CONNECTED' });
    expect(readContactEvent(event({ eventType: 'DISCONNECTED', disconnectReason: 'TELECOM_BUSY' }))).toMatchObject({ outcome: 'BUSY' });
    expect(readContactEvent(event({ eventType: 'DISCONNECTED', disconnectReason: 'TELECOM_UNANSWERED' }))).toMatchObject({ outcome: 'NO_ANSWER' });
    expect(
      readContactEvent(event({ eventType: 'DISCONNECTED', disconnectReason: 'CUSTOMER_DISCONNECT', connectedToSystemTimestamp: '2026-11-24T01:00:10Z' })),
    ).toMatchObject({ outcome: 'FAILED', detail: 'DISCONNECTED/CUSTOMER_DISCONNECT' });
    expect(
      readContactEvent(event({ eventType: 'DISCONNECTED', disconnectReason: 'AGENT_DISCONNECT', agentInfo: { connectedToAgentTimestamp: '2026-11-24T01:00:40Z' } })),
    ).toMatchObject({ outcome: 'CONNECTED' });
    expect(readContactEvent(event({ eventType: 'QUEUED' }))).toBeUndefined();
    expect(readContactEvent({ source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} })).toBeUndefined();
  });
});
