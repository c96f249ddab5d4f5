import { handleTurn } from '@domain/conversation/handle-turn';
import { DEFAULT_POLICY, parseQueueMap } from '@domain/conversation/policy';
import { buildSummary, priorityFor } from '@domain/conversation/escalation';
import { newSession } from '@domain/conversation/session';
import { ConfigError } from '@domain/errors';
import { conversation, makeDeps, REGULAR, VIP } from './support';

describe('escalation rules', () => {
  it('explicit agent request', async () => {
    const r = await conversation(makeDeps(), { customer: REGULAR })('사람이랑 얘기하고 싶어요');
    expect(r).toMatchObject({ action: 'ESCALATE', escalation: { reasonCode: 'AGENT_REQUESTED', queue: 'general', priority: 3 } });
  });

  it('complaint with a negative tone', async () => {
    const r = await conversation(makeDeps(), { customer: REGULAR })('직원이 너무 불친절해서 화가 나요');
    expect(r).toMatchObject({ action: 'ESCALATE', escalation: { reasonCode: 'COMPLAINT_NEGATIVE', queue: 'care', priority: 2 } });
  });

  it('payment needing identity', async () => {
    const r = await conversation(makeDeps(), { customer: REGULAR })('결제가 계속 실패해요');
    expect(r).toMatchObject({ action: 'ESCALATE', escalation: { reasonCode: 'IDENTITY_REQUIRED', queue: 'payment' } });
  });

  it('three consecutive turns the bot does not understand', async () => {
    const say = conversation(makeDeps(), { customer: REGULAR });
    expect((await say('ㅁㄴㅇㄹ')).action).toBe('CLARIFY');
    expect((await say('흠 그게 그러니까')).action).toBe('CLARIFY');
    expect(await say('zxcv qwer')).toMatchObject({ action: 'ESCALATE', escalation: { reasonCode: 'LOW_CONFIDENCE', priority: 4 } });
  });

  it('an understood message resets the low-confidence streak', async () => {
    const say = conversation(makeDeps());
    await say('ㅁㄴㅇㄹ');
    await say('흠 그게 그러니까');
    await say('운영시간 알려주세요');
    expect((await say('zxcv qwer')).action).toBe('CLARIFY');
  });

  it('the same intent three times without progress', async () => {
    const say = conversation(makeDeps(), { customer: REGULAR });
    expect((await say('앱이 자꾸 꺼져요')).action).toBe('ANSWER');
    expect((await say('앱이 계속 튕겨요')).action).toBe('ANSWER');
    expect(await say('어플이 또 안 열려요')).toMatchObject({ action: 'ESCALATE', escalation: { reasonCode: 'REPEATED_INTENT', queue: 'tech-support' } });
  });

  it('different FAQ answers of one intent are progress, not repetition', async () => {
    const say = conversation(makeDeps());
    expect((await say('운영시간 알려주세요')).faq?.id).toBe('faq-business-hours');
    expect((await say('대표번호 알려주세요')).faq?.id).toBe('faq-contact-number');
    expect((await say('매장 주차 가능한가요')).action).not.toBe('ESCALATE');
  });

  it('the turn limit', async () => {
    const deps = makeDeps({ policy: { ...DEFAULT_POLICY, limits: { ...DEFAULT_POLICY.limits, turns: 4 } } });
    const say = conversation(deps, { customer: REGULAR });
    await say('안녕하세요');
    await say('운영시간 알려주세요');
    await say('대표번호 알려주세요');
    expect(await say('비회원도 주문돼요?')).toMatchObject({ action: 'ESCALATE', escalation: { reasonCode: 'TURN_LIMIT' } });
  });

  it('VIP customers: sooner (two unclear turns), vip queue, top priority', async () => {
    const say = conversation(makeDeps(), { customer: VIP });
    expect((await say('ㅁㄴㅇㄹ')).action).toBe('CLARIFY');
    expect(await say('흠 그게 그러니까')).toMatchObject({ action: 'ESCALATE', escalation: { reasonCode: 'LOW_CONFIDENCE', queue: 'vip', priority: 1 } });
  });

  it('VIP customers: even a calm complaint goes to a person', async () => {
    const r = await conversation(makeDeps(), { customer: VIP })('의견 남기고 싶어요');
    expect(r).toMatchObject({ action: 'ESCALATE', escalation: { reasonCode: 'COMPLAINT_VIP', queue: 'vip', priority: 1 } });
    expect(r.escalation?.summary.startsWith('[VIP]')).toBe(true);
  });

  it('a summary of at most 200 characters with phone numbers masked', async () => {
    const say = conversation(makeDeps(), { customer: REGULAR });
    await say('주문 취소하고 싶어요 주문번호 20261120-0012345');
    const r = await say(`상담원 연결해 주세요 제 번호는 010-9876-5432 입니다 ${'정말 급해요 '.repeat(40)}`);
    const summary = r.escalation?.summary ?? '';
    expect(summary.length).toBeLessThanOrEqual(200);
    expect(summary).toContain('취소·환불');
    expect(summary).toContain('010-****-5432');
    expect(summary).not.toContain('9876');
  });

  it('routing: priorities by reason and tier, queue map from configuration', () => {
    expect(priorityFor('LOW_CONFIDENCE')).toBe(4);
    expect(priorityFor('LOW_CONFIDENCE', 'CORPORATE')).toBe(3);
    expect(priorityFor('TURN_LIMIT', 'PREMIUM')).toBe(1);
    expect(parseQueueMap('{"reservation":"orders"}').reservation).toBe('orders');
    expect(parseQueueMap(undefined).complaint).toBe('care');
    expect(() => parseQueueMap('{"reservation":"nowhere"}')).toThrow(ConfigError);
    expect(() => parseQueueMap('{"weather":"general"}')).toThrow(ConfigError);
  });

  it('summaries say why and how long', () => {
    const s = buildSummary({ ...newSession('VOICE', new Date()), intents: ['order_inquiry'] }, 'TURN_LIMIT', '배송 언제 와요', 7);
    expect(s).toBe('주문·배송 문의 | 전환 사유: 대화 길이 초과 | 최근 발화: "배송 언제 와요" | 7턴');
  });
});

describe('conversation log and concurrency', () => {
  it('costs exactly two store requests per turn', async () => {
    const deps = makeDeps();
    const say = conversation(deps);
    await say('안녕하세요');
    await say('운영시간 알려주세요');
    expect(deps.store.requests).toBe(4);
  });

  it('logs every turn with masked text, intent, confidence, answer and action', async () => {
    const deps = makeDeps();
    await conversation(deps, { customer: REGULAR })('010-9876-5432로 전화 주세요');
    const [turn] = await deps.store.listTurns('conv-1');
    expect(turn).toMatchObject({ turn: 1, intent: 'callback_request', action: 'CALLBACK_OFFER', customerId: 'C-1002', opensConversation: true, indexesCustomer: true });
    expect(turn?.userText).toBe('010-****-5432로 전화 주세요');
    expect(turn?.confidence).toBeGreaterThan(0);
    expect(turn?.answer).toContain('콜백');
  });

  it('never creates a second turn for a redelivered request', async () => {
    const deps = makeDeps();
    const say = conversation(deps);
    const first = await say('안녕하세요', { requestId: 'req-1' });
    const again = await say('안녕하세요', { requestId: 'req-1' });
    expect(again).toMatchObject({ turn: first.turn, text: first.text, replayed: true });
    expect(await deps.store.listTurns('conv-1')).toHaveLength(1);
  });

  it('lands two messages sent at the same moment as two turns (no lost update)', async () => {
    const deps = makeDeps();
    const say = conversation(deps);
    const results = await Promise.all([say('운영시간 알려주세요', { requestId: 'a' }), say('대표번호 알려주세요', { requestId: 'b' })]);
    expect(results.map((r) => r.turn).sort()).toEqual([1, 2]);
    const turns = await deps.store.listTurns('conv-1');
    expect(turns.map((t) => t.faqId).sort()).toEqual(['faq-business-hours', 'faq-contact-number']);
  });

  it('keeps separate conversations apart', async () => {
    const deps = makeDeps();
    await handleTurn({ sessionId: 'a', channel: 'CHAT', text: '설치 예약하고 싶어요' }, deps);
    const other = await handleTurn({ sessionId: 'b', channel: 'KAKAO', text: '내일 오후 3시' }, deps);
    // A bare time starts a reservation of its own; it does not continue conversation "a".
    expect(other.turn).toBe(1);
    expect(other.scenario?.step).not.toBe('contact');
  });
});
