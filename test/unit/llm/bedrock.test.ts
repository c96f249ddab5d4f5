import { BedrockRuntimeClient, ConverseCommand, ThrottlingException } from '@aws-sdk/client-bedrock-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { CoachingBot } from '@domain/coaching/coaching-bot';
import { LlmCoach, OfflineCoach } from '@domain/coaching/responders';
import type { CoachingSession, CoachingSessionStore, CompletedSession, StoredSession } from '@domain/coaching/session';
import { FixedClock } from '@domain/clock';
import { DependencyError } from '@domain/errors';
import { BedrockLanguageModel } from '../../../lambdas/adapters/llm/bedrock';

const bedrock = mockClient(BedrockRuntimeClient);
const MODEL = 'global.anthropic.claude-haiku-4-5-20251001-v1:0';
const model = () => new BedrockLanguageModel(new BedrockRuntimeClient({ region: 'ap-northeast-2' }), MODEL);
const soon = (ms = 2000) => new Date(Date.now() + ms);

const converseAnswer = (text: string) => ({
  output: { message: { role: 'assistant' as const, content: [{ text }] } },
  stopReason: 'end_turn' as const,
  usage: { inputTokens: 300, outputTokens: 40, totalTokens: 340 },
  metrics: { latencyMs: 500 },
});

beforeEach(() => bedrock.reset());

describe('Bedrock Converse adapter', () => {
  it('sends the system prompt, the messages, 150 max tokens and temperature only', async () => {
    bedrock.on(ConverseCommand).resolves(converseAnswer('많이 지치셨겠어요. 요즘 가장 힘든 순간은 언제인가요?'));
    const text = await model().complete({
      system: '당신은 코치입니다.',
      messages: [
        { role: 'user', content: '수업이 힘들어요' },
        { role: 'assistant', content: '어떤 점이 힘드세요?' },
        { role: 'user', content: '학생들이 떠들어요' },
      ],
      maxTokens: 150,
      temperature: 0.7,
      deadline: soon(),
    });
    expect(text).toBe('많이 지치셨겠어요. 요즘 가장 힘든 순간은 언제인가요?');
    expect(bedrock).toHaveReceivedCommandWith(ConverseCommand, {
      modelId: MODEL,
      system: [{ text: '당신은 코치입니다.' }],
      messages: [
        { role: 'user', content: [{ text: '수업이 힘들어요' }] },
        { role: 'assistant', content: [{ text: '어떤 점이 힘드세요?' }] },
        { role: 'user', content: [{ text: '학생들이 떠들어요' }] },
      ],
      inferenceConfig: { maxTokens: 150, temperature: 0.7 },
    });
    const input = bedrock.commandCalls(ConverseCommand)[0]?.args[0].input;
    expect(input?.inferenceConfig).not.toHaveProperty('topP');
  });

  it('fails with a DependencyError when throttled, empty or past its deadline', async () => {
    bedrock.on(ConverseCommand).rejectsOnce(new ThrottlingException({ message: 'slow down', $metadata: {} }));
    await expect(model().complete({ system: 's', messages: [{ role: 'user', content: 'a' }], maxTokens: 150, temperature: 0.7, deadline: soon() })).rejects.toBeInstanceOf(DependencyError);

    bedrock.on(ConverseCommand).resolves({ output: { message: { role: 'assistant', content: [] } }, stopReason: 'end_turn', usage: undefined, metrics: undefined });
    await expect(model().complete({ system: 's', messages: [{ role: 'user', content: 'a' }], maxTokens: 150, temperature: 0.7, deadline: soon() })).rejects.toThrow('no text');

    bedrock.on(ConverseCommand).callsFake(() => new Promise((resolve) => setTimeout(() => resolve(converseAnswer('늦은 답')), 1000)));
    const started = Date.now();
    await expect(model().complete({ system: 's', messages: [{ role: 'user', content: 'a' }], maxTokens: 150, temperature: 0.7, deadline: soon(150) })).rejects.toThrow('deadline');
    expect(Date.now() - started).toBeLessThan(900);
  });
});

/** An in-memory session store (a port fake): the Bedrock tests are about the model boundary. */
class MemorySessions implements CoachingSessionStore {
  item?: { session: CoachingSession; version: number };
  async load(): Promise<StoredSession> {
    return this.item ? { session: this.item.session, version: this.item.version } : { version: 0 };
  }
  async save(session: CoachingSession, expected: number): Promise<void> {
    this.item = { session, version: expected + 1 };
  }
}

describe('coaching bot on Bedrock', () => {
  const setup = () => {
    const sessions = new MemorySessions();
    const archived: CompletedSession[] = [];
    const bot = new CoachingBot({
      sessions,
      archive: { archive: async (s) => void archived.push(s) },
      responder: new LlmCoach(model()),
      fallback: new OfflineCoach(),
      clock: new FixedClock('2026-11-24T01:00:00Z'),
    });
    return { bot, sessions };
  };
  const turn = (bot: CoachingBot, text: string, allowDefer = false, ms = 2000) =>
    bot.turn({ userId: 'u1', utterance: text, truncated: false, params: {}, clientExtra: {} }, { allowDefer, deadline: soon(ms) });

  it('answers with the cleaned model reply and sends the stage prompt', async () => {
    const { bot } = setup();
    await turn(bot, '교사');
    bedrock.on(ConverseCommand).resolves(converseAnswer('(공감하며) 수업 준비로 많이 지치셨군요. 요즘 가장 힘든 순간은 언제인가요? 그리고 주말엔요?'));
    const out = await turn(bot, '요즘 수업 준비 때문에 너무 지쳐요');
    expect(out).toEqual({ kind: 'reply', reply: { texts: ['수업 준비로 많이 지치셨군요. 요즘 가장 힘든 순간은 언제인가요?'] } });
    const input = bedrock.commandCalls(ConverseCommand)[0]?.args[0].input;
    expect(input?.system?.[0]).toMatchObject({ text: expect.stringContaining('"신뢰 형성"') });
    expect(input?.messages?.[0]?.role).toBe('user');
  });

  it('defers to the callback when Kakao offers one, without calling the model', async () => {
    const { bot } = setup();
    await turn(bot, '교사');
    expect((await turn(bot, '학생들이 말을 안 들어요', true)).kind).toBe('deferred');
    expect(bedrock.commandCalls(ConverseCommand)).toHaveLength(0);
  });

  it('answers from the offline engine on time when Bedrock is slow', async () => {
    const { bot, sessions } = setup();
    await turn(bot, '학생');
    bedrock.on(ConverseCommand).callsFake(() => new Promise((resolve) => setTimeout(() => resolve(converseAnswer('늦은 답')), 2000)));
    const started = Date.now();
    const out = await turn(bot, '친구랑 싸워서 속상해요', false, 300);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(out.kind === 'reply' && out.reply.texts[0]).toContain('속상했겠어요');
    expect(sessions.item?.session.history.at(-1)?.content).toContain('속상했겠어요');
  });
});
