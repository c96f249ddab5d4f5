import { callbackAck, KAKAO_LIMITS, splitText, toSkillResponse, validateSkillResponse, type TemplateResponse } from '@domain/kakao/skill-response';
import { expectValidSkillResponse } from '../../support/kakao';

const outputs = (r: TemplateResponse) => r.template.outputs as { simpleText?: { text: string }; textCard?: { title?: string; description?: string; buttons?: unknown[] } }[];

describe('SkillResponse builder', () => {
  it('answers version 2.0 with one simpleText for a short reply', () => {
    const r = toSkillResponse({ texts: ['안녕하세요'] });
    expect(expectValidSkillResponse(r)).toEqual({ version: '2.0', template: { outputs: [{ simpleText: { text: '안녕하세요' } }] } });
  });

  it('splits a long text into at most 3 bubbles of at most 1000 characters, at sentence boundaries', () => {
    const sentence = '오늘 수업에서 학생들과 나눈 이야기가 오래 마음에 남았습니다. ';
    const r = toSkillResponse({ texts: [sentence.repeat(120)] }); // ≈ 4,000 chars
    expectValidSkillResponse(r);
    const texts = outputs(r).map((o) => o.simpleText?.text ?? '');
    expect(texts).toHaveLength(3);
    for (const t of texts) expect([...t].length).toBeLessThanOrEqual(1000);
    expect(texts[0]?.endsWith('습니다.')).toBe(true);
    expect(texts[2]?.endsWith('…')).toBe(true);
  });

  it('counts characters, not UTF-16 units, and never cuts an emoji in half', () => {
    const pieces = splitText('😊'.repeat(2500));
    expect(pieces).toHaveLength(3);
    for (const p of pieces) {
      expect([...p].length).toBeLessThanOrEqual(1000);
      expect(p).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    }
  });

  it('keeps at most 10 quick replies with labels of at most 14 characters', () => {
    const r = toSkillResponse({
      texts: ['골라 주세요'],
      quickReplies: Array.from({ length: 13 }, (_, i) => ({ label: `아주아주아주 긴 선택지 이름입니다 ${i}` })),
    });
    expectValidSkillResponse(r);
    expect(r.template.quickReplies).toHaveLength(KAKAO_LIMITS.quickReplies);
    for (const q of r.template.quickReplies ?? []) {
      expect([...q.label].length).toBeLessThanOrEqual(14);
      expect(q.messageText).toMatch(/^아주아주아주 긴 선택지 이름입니다 \d+$/); // the full text is still sent
    }
  });

  it('trims card title, description and buttons to their limits', () => {
    const r = toSkillResponse({
      texts: [],
      card: {
        title: '가'.repeat(80),
        description: '나'.repeat(900),
        buttons: Array.from({ length: 5 }, (_, i) => ({ label: `전화하기 버튼 라벨이 너무 깁니다 ${i}`, action: 'phone' as const, phoneNumber: '109' })),
      },
    });
    expectValidSkillResponse(r);
    const card = outputs(r)[0]?.textCard;
    expect([...(card?.title ?? '')].length).toBe(50);
    expect([...(card?.description ?? '')].length).toBe(400);
    expect(card?.buttons).toHaveLength(3);
  });

  it('never exceeds 3 outputs, keeping the card and the closing question', () => {
    const r = toSkillResponse({ texts: ['하나', '둘', '셋', '넷'], card: { title: '카드', description: '설명' }, after: '마지막 질문?' });
    expectValidSkillResponse(r);
    const o = outputs(r);
    expect(o).toHaveLength(3);
    expect(o[1]?.textCard?.title).toBe('카드');
    expect(o[2]?.simpleText?.text).toBe('마지막 질문?');
    expect(o[0]?.simpleText?.text).toContain('넷');
  });

  it('never answers with zero outputs', () => {
    expectValidSkillResponse(toSkillResponse({ texts: ['   '] }));
  });

  it('builds the callback acknowledgement without a template', () => {
    expect(expectValidSkillResponse(callbackAck('잠시만요'))).toEqual({ version: '2.0', useCallback: true, data: { text: '잠시만요' } });
  });
});

describe('validateSkillResponse (the validator every test uses)', () => {
  it.each([
    ['missing version', { template: { outputs: [{ simpleText: { text: 'a' } }] } }, 'version'],
    ['no outputs', { version: '2.0', template: { outputs: [] } }, 'outputs'],
    ['four outputs', { version: '2.0', template: { outputs: Array(4).fill({ simpleText: { text: 'a' } }) } }, 'outputs'],
    ['1001-char text', { version: '2.0', template: { outputs: [{ simpleText: { text: 'a'.repeat(1001) } }] } }, '1000'],
    ['11 quick replies', { version: '2.0', template: { outputs: [{ simpleText: { text: 'a' } }], quickReplies: Array(11).fill({ label: 'a', action: 'message', messageText: 'a' }) } }, 'quick replies'],
    ['15-char label', { version: '2.0', template: { outputs: [{ simpleText: { text: 'a' } }], quickReplies: [{ label: 'a'.repeat(15), action: 'message', messageText: 'a' }] } }, 'label'],
    ['51-char card title', { version: '2.0', template: { outputs: [{ textCard: { title: 'a'.repeat(51), description: 'b' } }] } }, 'title'],
    ['401-char description', { version: '2.0', template: { outputs: [{ textCard: { description: 'a'.repeat(401) } }] } }, 'description'],
    ['4 buttons', { version: '2.0', template: { outputs: [{ textCard: { title: 't', buttons: Array(4).fill({ label: 'a', action: 'message', messageText: 'a' }) } }] } }, 'buttons'],
    ['phone button without number', { version: '2.0', template: { outputs: [{ textCard: { title: 't', buttons: [{ label: 'a', action: 'phone' }] } }] } }, 'phoneNumber'],
    ['callback ack with a template', { version: '2.0', useCallback: true, data: { text: 'x' }, template: {} }, 'template'],
  ])('rejects %s', (_name, value, problem) => {
    expect(validateSkillResponse(value).join('; ')).toContain(problem);
  });
});
