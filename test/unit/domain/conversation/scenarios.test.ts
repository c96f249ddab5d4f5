import { FixedClock } from '@domain/clock';
import { conversation, makeDeps, REGULAR, VERIFIED, VIP } from './support';

describe('product scenario: category → product → what about it', () => {
  it('walks through the three steps and answers from the catalogue', async () => {
    const say = conversation(makeDeps());
    expect(await say('상품 문의하려고요')).toMatchObject({ action: 'SCENARIO', scenario: { id: 'product', step: 'category' } });
    const product = await say('2번');
    expect(product).toMatchObject({ action: 'SCENARIO', scenario: { step: 'product', data: { categoryId: 'clothing' } } });
    expect(product.choices.map((c) => c.label)).toEqual(['패딩', '니트', '운동화']);
    expect(await say('패딩이요')).toMatchObject({ scenario: { step: 'topic', data: { productId: 'P-201' } } });
    const done = await say('가격');
    expect(done).toMatchObject({ action: 'ANSWER', scenario: { id: 'product', status: 'COMPLETED', data: { topic: 'price' } } });
    expect(done.text).toContain('12만 9천원');
  });

  it('re-prompts on an unknown category and tells when a product is sold out', async () => {
    const say = conversation(makeDeps());
    await say('상품 문의하려고요');
    const retry = await say('자동차요');
    expect(retry).toMatchObject({ action: 'SCENARIO', scenario: { step: 'category', status: 'ACTIVE' } });
    expect(retry.text).toContain('상품 종류를 찾지 못했어요');
    await say('가전');
    await say('밥솥');
    const stock = await say('재고 있어요?');
    expect(stock.text).toContain('품절');
  });

  it('hands "기타" questions to an agent', async () => {
    const say = conversation(makeDeps(), { customer: REGULAR });
    await say('텀블러 문의요');
    const r = await say('4');
    expect(r).toMatchObject({ action: 'ESCALATE', scenario: { status: 'ESCALATED' }, escalation: { reasonCode: 'SCENARIO_HANDOFF' } });
  });
});

describe('reservation scenario: service → date/time → contact number', () => {
  it('books a valid slot and returns the raw contact number once, masked everywhere else', async () => {
    const deps = makeDeps();
    const say = conversation(deps, { customer: REGULAR });
    expect(await say('예약하고 싶어요')).toMatchObject({ scenario: { id: 'reservation', step: 'service' } });
    expect(await say('설치')).toMatchObject({ scenario: { step: 'dateTime', data: { service: 'installation' } } });
    const contact = await say('내일 오후 3시');
    expect(contact).toMatchObject({ scenario: { step: 'contact', data: { at: '2026-11-25T06:00:00.000Z' } } });
    expect(contact.choices.map((c) => c.label)).toContain('이 번호로');
    const done = await say('010-3456-7890');
    expect(done).toMatchObject({ action: 'ANSWER', scenario: { status: 'COMPLETED', data: { service: 'installation', at: '2026-11-25T06:00:00.000Z', phoneE164: '+821034567890' } } });
    expect(done.text).toContain('11월 25일 수요일 오후 3시');
    expect(done.text).toContain('010-****-7890');
    expect(done.text).not.toContain('3456');
    const stored = JSON.stringify(await deps.store.listTurns('conv-1'));
    expect(stored).not.toContain('3456-7890');
    expect(stored).not.toContain('+821034567890');
  });

  it('accepts "이 번호" for the number the customer is calling from', async () => {
    const say = conversation(makeDeps(), { customer: REGULAR });
    await say('상담 예약하고 싶어요');
    await say('다음 주 화요일 오전 11시');
    expect(await say('이 번호로 해주세요')).toMatchObject({ scenario: { status: 'COMPLETED', data: { phoneE164: '+821023456789' } } });
  });

  it('asks for the hour when only a day is given, without counting it as a mistake', async () => {
    const say = conversation(makeDeps());
    await say('방문 예약하고 싶어요');
    const needTime = await say('다음 주 화요일');
    expect(needTime).toMatchObject({ action: 'SCENARIO', scenario: { step: 'dateTime' } });
    expect(needTime.text).toContain('몇 시');
    expect(await say('오후 2시요')).toMatchObject({ scenario: { step: 'contact', data: { at: '2026-12-01T05:00:00.000Z' } } });
  });

  it.each([
    ['오늘 오전 9시', '이미 지난'],
    ['이번 주 토요일 오후 2시', '휴무일'],
    ['내일 오후 8시', '오전 9시부터 오후 6시'],
    ['1월 20일 오후 2시', '30일 이내'],
    ['오늘 오전 10시 30분', '1시간 이후'],
    ['아무 때나요', '날짜와 시간'],
  ])('re-prompts "%s" with a clear reason (%s)', async (text, reason) => {
    const say = conversation(makeDeps());
    await say('설치 예약하고 싶어요');
    const r = await say(text);
    expect(r).toMatchObject({ action: 'SCENARIO', scenario: { step: 'dateTime', status: 'ACTIVE' } });
    expect(r.text).toContain(reason);
  });

  it('refuses public holidays by name (추석)', async () => {
    const say = conversation(makeDeps({ clock: new FixedClock('2026-09-21T01:00:00Z') }));
    await say('방문 예약하고 싶어요');
    const r = await say('9월 25일 오후 2시');
    expect(r.text).toContain('추석');
  });

  it('escalates after three invalid answers in one step, with what was collected', async () => {
    const say = conversation(makeDeps(), { customer: REGULAR });
    await say('설치 예약하고 싶어요');
    await say('몰라요');
    await say('글쎄요');
    const r = await say('음');
    expect(r).toMatchObject({ action: 'ESCALATE', scenario: { id: 'reservation', status: 'ESCALATED' }, escalation: { reasonCode: 'SCENARIO_INPUT_FAILED', queue: 'general' } });
    expect(r.escalation?.summary).toContain('입력 3회 실패');
  });

  it('escalates sooner for VIP customers (two invalid answers)', async () => {
    const say = conversation(makeDeps(), { customer: VIP });
    await say('설치 예약하고 싶어요');
    await say('몰라요');
    expect(await say('글쎄요')).toMatchObject({ action: 'ESCALATE', escalation: { queue: 'vip', priority: 1 } });
  });

  it('lets the customer cancel the scenario, and the next message starts fresh', async () => {
    const say = conversation(makeDeps());
    await say('설치 예약하고 싶어요');
    const cancelled = await say('그만할게요');
    expect(cancelled).toMatchObject({ action: 'ANSWER', scenario: { id: 'reservation', status: 'CANCELLED' } });
    expect(cancelled.text).toContain('예약을 취소했어요');
    expect((await say('운영시간 알려주세요')).faq?.id).toBe('faq-business-hours');
  });

  it('survives between turns: a new process with the same store continues the scenario', async () => {
    const first = makeDeps();
    await conversation(first)('설치 예약하고 싶어요');
    const second = makeDeps({ store: first.store });
    expect(await conversation(second)('모레 오후 4시')).toMatchObject({ scenario: { id: 'reservation', step: 'contact' } });
  });

  it('lets a customer ask for a person in the middle of a step', async () => {
    const say = conversation(makeDeps(), { customer: REGULAR });
    await say('설치 예약하고 싶어요');
    expect(await say('상담원 연결해 주세요')).toMatchObject({ action: 'ESCALATE', escalation: { reasonCode: 'AGENT_REQUESTED' }, scenario: { status: 'ESCALATED' } });
  });

  it('starts over after 30 idle minutes', async () => {
    const deps = makeDeps();
    const say = conversation(deps);
    await say('설치 예약하고 싶어요');
    deps.clock.advance(31 * 60_000);
    const r = await say('다음 주 화요일 오후 2시');
    expect(r.scenario?.step).not.toBe('contact');
    expect(r.turn).toBe(2);
  });
});

describe('cancellation scenario: order number → reason → confirmation', () => {
  it('hands an unverified customer to the orders queue with order number and reason in the summary', async () => {
    const say = conversation(makeDeps(), { customer: REGULAR });
    expect(await say('주문 취소하고 싶어요')).toMatchObject({ scenario: { id: 'cancellation', step: 'orderNumber' } });
    const wrong = await say('잘 모르겠어요');
    expect(wrong.text).toContain('주문번호 형식');
    expect(await say('주문번호는 20261120-0012345 입니다')).toMatchObject({ scenario: { step: 'reason', data: { orderNumber: '20261120-0012345' } } });
    const confirm = await say('사이즈가 안 맞아서 단순 변심이에요');
    expect(confirm.text).toContain('20261120-0012345');
    expect(confirm.text).toContain('단순 변심');
    const r = await say('네');
    expect(r).toMatchObject({ action: 'ESCALATE', scenario: { status: 'ESCALATED' }, escalation: { queue: 'orders', reasonCode: 'IDENTITY_REQUIRED' } });
    expect(r.escalation?.summary).toContain('주문번호 20261120-0012345');
    expect(r.escalation?.summary).toContain('사유 단순 변심');
  });

  it('completes for a verified customer', async () => {
    const say = conversation(makeDeps(), { customer: VERIFIED });
    await say('환불 신청하려고요 주문번호 20261120-0012345');
    await say('1');
    const r = await say('네 접수해 주세요');
    expect(r).toMatchObject({ action: 'ANSWER', scenario: { status: 'COMPLETED', data: { orderNumber: '20261120-0012345', reason: 'change_of_mind' } } });
    expect(r.text).toContain('접수되었습니다');
  });

  it('does nothing when the customer says no at the confirmation', async () => {
    const say = conversation(makeDeps(), { customer: VERIFIED });
    await say('주문 취소 요청합니다 20261120-0012345');
    await say('배송이 너무 늦어서요');
    const r = await say('아니요');
    expect(r).toMatchObject({ action: 'ANSWER', scenario: { status: 'CANCELLED' } });
    expect(r.text).toContain('진행하지 않았어요');
  });

  it('asks yes or no again for anything else', async () => {
    const say = conversation(makeDeps(), { customer: VERIFIED });
    await say('주문 취소 요청합니다 20261120-0012345');
    await say('불량이에요');
    expect((await say('글쎄요')).text).toContain('네 또는 아니요');
  });
});
