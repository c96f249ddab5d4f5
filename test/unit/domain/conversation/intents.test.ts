import { conversation, makeDeps, REGULAR } from './support';

describe('each intent, first message of a conversation', () => {
  it('greeting: welcomes and offers the main menu', async () => {
    const r = await conversation(makeDeps())('안녕하세요');
    expect(r).toMatchObject({ action: 'ANSWER', intent: 'greeting', turn: 1 });
    expect(r.text).toContain('무엇을 도와드릴까요');
    expect(r.choices.map((c) => c.label)).toContain('상담원 연결');
  });

  it('goodbye: ends the conversation politely', async () => {
    const r = await conversation(makeDeps())('네 감사합니다 끊을게요');
    expect(r).toMatchObject({ action: 'END', intent: 'goodbye' });
    expect(r.text).toContain('감사합니다');
  });

  it('product_inquiry: starts the product scenario, skipping what was already said', async () => {
    const r = await conversation(makeDeps())('공기청정기 가격 얼마예요');
    expect(r).toMatchObject({ action: 'SCENARIO', intent: 'product_inquiry', scenario: { id: 'product', step: 'topic', status: 'ACTIVE' } });
    expect(r.text).toContain('퓨어에어 공기청정기');
  });

  it('order_inquiry: answers delivery questions from the FAQ', async () => {
    const r = await conversation(makeDeps())('주문한 거 배송 며칠 걸려요?');
    expect(r).toMatchObject({ action: 'ANSWER', intent: 'order_inquiry', faq: { id: 'faq-delivery-time' } });
  });

  it('order_inquiry: without an FAQ answer, explains where to track and change the address', async () => {
    const r = await conversation(makeDeps())('배송지 변경하고 싶어요');
    expect(r).toMatchObject({ action: 'ANSWER', intent: 'order_inquiry' });
    expect(r.faq).toBeUndefined();
    expect(r.text).toContain('배송지 변경');
  });

  it('reservation: starts the reservation scenario with the service already chosen', async () => {
    const r = await conversation(makeDeps())('방문 예약하고 싶어요');
    expect(r).toMatchObject({ action: 'SCENARIO', intent: 'reservation', scenario: { id: 'reservation', step: 'dateTime', data: { service: 'visit' } } });
  });

  it('cancel_request: a request starts the cancellation scenario; a question gets the FAQ', async () => {
    const start = await conversation(makeDeps())('주문 취소하고 싶어요');
    expect(start).toMatchObject({ action: 'SCENARIO', intent: 'cancel_request', scenario: { id: 'cancellation', step: 'orderNumber' } });
    const question = await conversation(makeDeps())('반품은 어떻게 하나요?');
    expect(question).toMatchObject({ action: 'ANSWER', faq: { id: 'faq-return-policy' } });
  });

  it('payment_inquiry: general questions from the FAQ, own transactions to the payment queue (identity needed)', async () => {
    const faq = await conversation(makeDeps())('카카오페이 되나요?');
    expect(faq).toMatchObject({ action: 'ANSWER', faq: { id: 'faq-payment-methods' } });
    const own = await conversation(makeDeps(), { customer: REGULAR })('카드 결제가 두 번 됐어요');
    expect(own).toMatchObject({ action: 'ESCALATE', intent: 'payment_inquiry', escalation: { queue: 'payment', reasonCode: 'IDENTITY_REQUIRED', priority: 3 } });
  });

  it('technical_support: password from the FAQ, other problems get first-aid advice', async () => {
    expect(await conversation(makeDeps())('비밀번호를 잊어버렸어요')).toMatchObject({ action: 'ANSWER', faq: { id: 'faq-password-reset' } });
    const app = await conversation(makeDeps())('앱이 자꾸 꺼져요');
    expect(app).toMatchObject({ action: 'ANSWER', intent: 'technical_support' });
    expect(app.text).toContain('업데이트');
  });

  it('complaint: a negative tone goes straight to the care queue', async () => {
    const r = await conversation(makeDeps(), { customer: REGULAR })('서비스가 정말 최악이네요');
    expect(r).toMatchObject({ action: 'ESCALATE', intent: 'complaint', escalation: { queue: 'care', reasonCode: 'COMPLAINT_NEGATIVE', priority: 2 } });
    expect(r.text).toContain('죄송합니다');
  });

  it('complaint: a calm suggestion is heard first', async () => {
    const r = await conversation(makeDeps())('의견 남기고 싶어요');
    expect(r).toMatchObject({ action: 'ANSWER', intent: 'complaint' });
    expect(r.escalation).toBeUndefined();
  });

  it('agent_request: escalates to the queue of what the customer came for', async () => {
    const say = conversation(makeDeps(), { customer: REGULAR });
    await say('앱이 자꾸 꺼져요');
    const r = await say('상담원 연결해 주세요');
    expect(r).toMatchObject({ action: 'ESCALATE', intent: 'agent_request', escalation: { queue: 'tech-support', reasonCode: 'AGENT_REQUESTED', priority: 3 } });
  });

  it('callback_request: offers a callback', async () => {
    const r = await conversation(makeDeps())('나중에 전화 좀 주세요');
    expect(r).toMatchObject({ action: 'CALLBACK_OFFER', intent: 'callback_request' });
    expect(r.choices.map((c) => c.label)).toContain('콜백 예약');
  });

  it('general_inquiry: answers company questions from the FAQ', async () => {
    const r = await conversation(makeDeps())('고객센터 대표번호가 뭐예요');
    expect(r).toMatchObject({ action: 'ANSWER', intent: 'general_inquiry', faq: { id: 'faq-contact-number' } });
    expect(r.text).toContain('1588-0000');
  });

  it('uses an intent already recognised by the channel (Lex) instead of classifying again', async () => {
    const deps = makeDeps();
    const r = await conversation(deps)('음 그러니까요', { session: 'hinted' } as never);
    expect(r.source).toBe('offline');
    const { handleTurn } = await import('@domain/conversation/handle-turn');
    const hinted = await handleTurn({ sessionId: 'lex-1', channel: 'VOICE', text: '음 그러니까요', hint: { intent: 'agent_request', confidence: 0.93, source: 'lex' } }, deps);
    expect(hinted).toMatchObject({ action: 'ESCALATE', source: 'lex', confidence: 0.93 });
  });
});

describe('input edge cases', () => {
  it('asks again on empty input', async () => {
    const r = await conversation(makeDeps())('   ');
    expect(r).toMatchObject({ action: 'CLARIFY', confidence: 0 });
    expect(r.text).toContain('한 번 더 말씀');
  });

  it('reads only the start of a 10 000-character message and logs it shortened', async () => {
    const deps = makeDeps();
    const r = await conversation(deps)('배송이 언제 오나요. '.repeat(1000));
    expect(r.text.length).toBeLessThanOrEqual(1000);
    const [turn] = await deps.store.listTurns('conv-1');
    expect(turn?.userText.length).toBeLessThanOrEqual(500);
  });

  it('speaks choices with their keys on the phone, without symbols or emoji', async () => {
    const r = await conversation(makeDeps(), { channel: 'VOICE' })('상품 문의하려고요');
    expect(r.speech).toContain('1번, 가전제품.');
    expect(r.speech).not.toMatch(/[*#>`]|\p{Extended_Pictographic}/u);
  });

  it('speaks FAQ times in words', async () => {
    const r = await conversation(makeDeps(), { channel: 'VOICE' })('운영시간 알려주세요');
    expect(r.speech).toContain('오전 9시부터 오후 6시까지');
    expect(r.speech).not.toContain(':');
  });
});
