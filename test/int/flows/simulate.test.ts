import { DynamoCallbackRepository } from '../../../lambdas/adapters/dynamodb/callback-store';
import { fromSeoul } from '@domain/calendar';
import { FixedClock } from '@domain/clock';
import { QUEUES } from '../../../lib/connect-resources';
import { simulateContact, type LambdaHandler, type SimulationResult } from '../../../local/flows/simulate';
import { putIfAbsent, SAMPLE_CUSTOMERS } from '../../../local/seed/seed';
import { createTestTables, type TestTables } from '../harness/store';

/**
 * Scenario tests of the contact flows: the flow JSON interpreted by the simulator, the real
 * customer-validation handler against the local store, and a Lambda that fails at its boundary.
 */
let tables: TestTables;

const MONDAY_10AM = fromSeoul(2026, 11, 23, 10, 0); // 월요일 오전 10시
const SATURDAY_NIGHT = fromSeoul(2026, 11, 28, 22, 0); // 토요일 밤
const CHUSEOK = fromSeoul(2026, 9, 25, 11, 0); // 추석 당일 (금요일)
const VIP = '+821012345678'; // C-1001 김민수 VIP
const REGULAR = '+821023456789'; // C-1002 이서연

/** A Lambda that fails the way a crashed or throttled function does (error branch in Connect). */
const failing: LambdaHandler = async () => {
  throw new Error('Runtime.ExitError: simulated crash');
};

const prompts = (r: SimulationResult) => r.transcript.flatMap((t) => (t.kind === 'prompt' ? [t.text] : []));

beforeAll(async () => {
  tables = await createTestTables('flows');
  await putIfAbsent(tables.doc, tables.names.customers, 'customerId', SAMPLE_CUSTOMERS);
  Object.assign(process.env, tables.env, {
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    AWS_REGION: 'ap-northeast-2',
  });
});
afterAll(() => tables.destroy());

describe('inbound-main, simulated with the real customer-validation handler', () => {
  it('a Lambda failure still reaches an agent: the assistant crashes, the caller is queued to general with an apology', async () => {
    const r = await simulateContact({ caller: REGULAR, at: MONDAY_10AM, script: [{ say: '환불하고 싶어요' }], lambdas: { 'chatbot-handler': failing } });
    expect(r.voice).toBe('Seoyeon');
    expect(r.attributes).toMatchObject({ customerFound: 'true', customerId: 'C-1002', tier: 'REGULAR', hoursOpen: 'true' });
    expect(prompts(r)).toContain('이서연 고객님, 다시 찾아 주셔서 감사합니다.');
    expect(prompts(r)).toContain('죄송합니다. 일시적인 문제로 자동 상담을 계속할 수 없어 상담원에게 연결해 드리겠습니다.');
    expect(r.ending).toEqual({ kind: 'QUEUED', queue: 'general', priority: 5 });
    expect(r.attributes.summary).toBe('자동 상담 오류로 상담원 연결');
  });

  it('a VIP still reaches the VIP queue at top priority when the assistant is down', async () => {
    const r = await simulateContact({ caller: VIP, at: MONDAY_10AM, channel: 'CHAT', script: [{ say: '환불 문의드립니다' }], lambdas: { 'chatbot-handler': failing } });
    expect(r.attributes).toMatchObject({ customerId: 'C-1001', isVip: 'true' });
    expect(r.ending).toEqual({ kind: 'QUEUED', queue: 'vip', priority: 1 });
  });

  it('when customer-validation fails too, the caller is treated as unknown and still reaches an agent', async () => {
    const r = await simulateContact({ caller: VIP, at: MONDAY_10AM, script: [{ say: '상담원 연결해 주세요' }], lambdas: { 'customer-validation': failing, 'chatbot-handler': failing } });
    expect(r.attributes).toMatchObject({ customerFound: 'false', isVip: 'false', verificationResult: 'UNAVAILABLE' });
    expect(r.ending).toEqual({ kind: 'QUEUED', queue: 'general', priority: 5 });
  });

  it('a Lambda answer that is not a flat string map takes the error branch (STRING_MAP validation)', async () => {
    const nested: LambdaHandler = async () => ({ nextAction: 'ANSWER', detail: { nested: true } });
    const r = await simulateContact({ caller: REGULAR, at: MONDAY_10AM, channel: 'CHAT', script: [{ say: '배송 조회' }], lambdas: { 'chatbot-handler': nested } });
    expect(r.lambdaCalls.find((c) => c.name === 'chatbot-handler')?.error).toMatch(/STRING_MAP/);
    expect(r.ending).toEqual({ kind: 'QUEUED', queue: 'general', priority: 5 });
  });

  it('the general queue at capacity leads to a callback offer; declining ends the call politely', async () => {
    const r = await simulateContact({
      caller: REGULAR,
      at: MONDAY_10AM,
      script: [{ say: '상담원' }, { press: '2' }],
      lambdas: { 'chatbot-handler': failing },
      queueWaiting: { general: QUEUES.general.maxContacts },
    });
    expect(prompts(r)).toContain('지금은 상담 대기 고객이 많아 바로 연결해 드리기 어렵습니다.');
    expect(prompts(r).some((p) => p.includes('콜백을 예약하시려면 1번'))).toBe(true);
    expect(prompts(r).at(-1)).toBe('이용해 주셔서 감사합니다. 좋은 하루 보내세요.');
    expect(r.ending).toEqual({ kind: 'DISCONNECTED' });
  });

  it('on a public holiday (추석) the caller hears the closed message and is offered a callback', async () => {
    const r = await simulateContact({ caller: REGULAR, at: CHUSEOK, script: [{ press: '2' }] });
    expect(r.attributes.hoursOpen).toBe('false');
    expect(prompts(r)).toContain('지금은 상담 시간이 아닙니다. 상담 시간은 평일 오전 9시부터 오후 6시까지이며, 주말과 공휴일에는 쉽니다.');
    expect(r.ending).toEqual({ kind: 'DISCONNECTED' });
    expect(r.lambdaCalls.map((c) => c.name)).toEqual(['customer-validation']);
  });

  it('after hours, a failed callback booking ends with a polite "call again in hours", never silence', async () => {
    const r = await simulateContact({ caller: REGULAR, at: SATURDAY_NIGHT, script: [{ press: '1' }], lambdas: { 'callback-scheduler': failing } });
    expect(r.callbackBooked).toBe(false);
    expect(prompts(r).slice(-2)).toEqual(['죄송합니다. 지금은 콜백 예약을 완료하지 못했습니다.', '번거로우시겠지만 상담 시간에 다시 연락해 주시기 바랍니다. 감사합니다.']);
    expect(r.ending).toEqual({ kind: 'DISCONNECTED' });
  });

  it('a silent caller is prompted again, then let go politely (bounded, no endless loop)', async () => {
    const r = await simulateContact({ caller: REGULAR, at: MONDAY_10AM, script: [] });
    expect(prompts(r).filter((p) => p === '응답이 확인되지 않았습니다.')).toHaveLength(2);
    expect(prompts(r).at(-1)).toBe('응답이 없어 상담을 종료합니다. 필요하시면 언제든 다시 연락해 주세요.');
    expect(r.ending).toEqual({ kind: 'DISCONNECTED' });
  });

  it('the agent whisper announces tier, intent and the chatbot summary', async () => {
    const r = await simulateContact({
      flow: 'agent-whisper',
      initialAttributes: { customerFound: 'true', tier: 'VIP', customerName: '김민수', intent: 'refund_request', summary: '지난주 주문 환불 요청' },
    });
    expect(prompts(r)).toEqual(['VIP 고객 김민수 님입니다.', '문의 유형 refund_request. 챗봇 요약: 지난주 주문 환불 요청']);
    expect(r.ending).toEqual({ kind: 'FLOW_ENDED' });
  });

  it('the callback flow greets the customer and queues to the callback queue, even if the outcome report fails', async () => {
    const r = await simulateContact({ flow: 'callback-outbound', caller: REGULAR, initialAttributes: { callbackId: 'CB-1' }, lambdas: { 'callback-scheduler': failing } });
    expect(prompts(r)[0]).toContain('요청하신 콜백 전화입니다');
    expect(r.ending).toEqual({ kind: 'QUEUED', queue: 'callback', priority: 2 });
  });

  it('known VIP caller in hours asking for a refund reaches the vip queue with top priority and a summary', async () => {
    const r = await simulateContact({ caller: VIP, at: MONDAY_10AM, script: [{ say: '지난주에 산 신발 환불하고 싶어요' }, { say: '상담원 연결해 주세요' }] });
    expect(r.ending).toEqual({ kind: 'QUEUED', queue: 'vip', priority: 1 });
    expect(r.attributes.summary).not.toBe('');
    expect(r.lambdaCalls.some((c) => c.name === 'chatbot-handler' && !c.error)).toBe(true);
  });

  it('unknown caller asks an FAQ, is answered, and hangs up politely', async () => {
    const r = await simulateContact({ caller: '+821099998888', at: MONDAY_10AM, channel: 'CHAT', script: [{ say: '영업시간이 어떻게 되나요?' }, { say: '감사합니다. 끊을게요' }] });
    expect(r.attributes.customerFound).toBe('false');
    expect(r.lambdaCalls.filter((c) => c.name === 'chatbot-handler').map((c) => c.result?.nextAction)).toEqual(['ANSWER', 'END']);
    expect(prompts(r).at(-1)).toBe('씨드 고객센터를 이용해 주셔서 감사합니다. 좋은 하루 보내세요.');
    expect(r.ending).toEqual({ kind: 'DISCONNECTED' });
  });

  it('after-hours caller books a callback that is then in the store', async () => {
    const r = await simulateContact({ caller: REGULAR, at: SATURDAY_NIGHT, script: [{ press: '1' }] });
    expect(r.callbackBooked).toBe(true);
    const booking = r.lambdaCalls.find((c) => c.name === 'callback-scheduler');
    expect(booking?.result?.scheduledAtText).toBeTruthy();
    const stored = await new DynamoCallbackRepository(tables.doc, tables.names.callbacks, new FixedClock(SATURDAY_NIGHT)).get(booking?.result?.callbackId ?? '');
    expect(stored).toMatchObject({ status: 'PENDING', phoneE164: REGULAR, source: 'IVR' });
    expect(r.ending).toEqual({ kind: 'DISCONNECTED' });
  });

  it('a Friday-evening caller asks for "내일 오전" (3), hears Saturday is closed, and accepts the offered Monday morning', async () => {
    const friday = fromSeoul(2026, 11, 27, 19, 30);
    const r = await simulateContact({ caller: '+821067890123', at: friday, script: [{ press: '1' }, { press: '3' }, { press: '1' }] });
    expect(r.callbackBooked).toBe(true);
    const bookings = r.lambdaCalls.filter((c) => c.name === 'callback-scheduler');
    expect(bookings.map((b) => b.result?.result)).toEqual(['OUTSIDE_HOURS', 'BOOKED']);
    expect(bookings[1]?.result?.scheduledAtText).toBe('11월 30일 월요일 오전 9시');
    expect(r.transcript.map((t) => JSON.stringify(t)).join(' ')).toContain('오늘 오후는 2번');
  });

  it('queue at capacity leads to a callback that is booked', async () => {
    const r = await simulateContact({
      caller: REGULAR,
      at: MONDAY_10AM,
      script: [{ say: '상담원 연결해 주세요' }, { press: '1' }],
      queueWaiting: Object.fromEntries(Object.values(QUEUES).map((q) => [q.key, q.maxContacts])),
    });
    expect(prompts(r)).toContain('지금은 상담 대기 고객이 많아 바로 연결해 드리기 어렵습니다.');
    expect(r.callbackBooked).toBe(true);
    expect(r.ending).toEqual({ kind: 'DISCONNECTED' });
  });
});
