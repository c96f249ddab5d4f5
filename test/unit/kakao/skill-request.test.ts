import { MAX_UTTERANCE_CHARS, parseSkillRequest } from '@domain/kakao/skill-request';
import { fixture, skillBody } from '../../support/kakao';

const bodyOf = (name: string): unknown => {
  const raw = fixture(name).body as string;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
};

describe('parseSkillRequest', () => {
  it('reads the user, utterance and block of a text message', () => {
    const r = parseSkillRequest(bodyOf('text.json'));
    expect(r).toMatchObject({ userId: 'kakao-user-3f9c2a', utterance: '요즘 수업 준비 때문에 너무 지쳐요', truncated: false, blockId: 'block-coaching', botId: 'bot-seed-aicc' });
    expect(r.callbackUrl).toBeUndefined();
  });

  it('reads the quick reply messageText and the trigger', () => {
    expect(parseSkillRequest(bodyOf('quick-reply.json'))).toMatchObject({ utterance: '교사', trigger: 'QUICKREPLY_BUTTON_MESSAGE' });
  });

  it('reads the callback URL of a callback-enabled block', () => {
    expect(parseSkillRequest(bodyOf('callback.json')).callbackUrl).toBe('https://bot-api.kakao.com/v1/callbacks/1234567890abcdef');
  });

  it('never throws on wrong types, unknown fields or a missing userRequest', () => {
    expect(parseSkillRequest(bodyOf('malformed.json'))).toMatchObject({ userId: '', utterance: '12345' });
    expect(parseSkillRequest(bodyOf('missing-user-request.json'))).toMatchObject({ userId: '', utterance: '' });
    for (const junk of [null, undefined, 42, 'text', [], [1, 2], { userRequest: null }, { userRequest: { user: { id: { nested: true } } } }]) {
      expect(() => parseSkillRequest(junk)).not.toThrow();
    }
  });

  it('cuts a 10,000-character utterance to the processing limit and says so', () => {
    const r = parseSkillRequest(bodyOf('oversized.json'));
    expect([...r.utterance].length).toBe(MAX_UTTERANCE_CHARS);
    expect(r.truncated).toBe(true);
  });

  it('removes control and zero-width characters and trims', () => {
    expect(parseSkillRequest(skillBody('u1', '\u0000 안녕\u200b하세요 \u0007\n')).utterance).toBe('안녕하세요');
  });
});
