import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { CoachingSession } from '@domain/coaching/session';
import { requestKey } from '@domain/kakao/skill-service';
import { parseSkillRequest } from '@domain/kakao/skill-request';
import { UpstageLanguageModel } from '../../../lambdas/adapters/llm/upstage';
import { createInstrumentation } from '../../../lambdas/platform/instrumentation';
import {
  apiEvent,
  expectValidSkillResponse,
  kakaoCallbackExpired,
  kakaoCallbackOk,
  LOCAL_SECRET,
  LoopbackServer,
  replyText,
  sendJson,
  skillBody,
  upstageCompletion,
} from '../../support/kakao';
import { createTestTables, loadHandlerWithEnv, type TestTables } from '../harness/store';

import type * as Handler from '../../../lambdas/kakao-webhook/handler';
import type * as Dependencies from '../../../lambdas/kakao-webhook/dependencies';

type HandlerModule = typeof Handler;
type DepsModule = typeof Dependencies;

let tables: TestTables;
let mod: HandlerModule;
let deps: DepsModule;
let kakao: LoopbackServer;
let upstage: LoopbackServer;

const COACH_LINE = '학생들과의 관계가 마음에 걸리시는군요. 최근 가장 기억에 남는 장면은 무엇인가요?';

beforeAll(async () => {
  tables = await createTestTables('kakaocb');
  mod = await loadHandlerWithEnv({ ...tables.env, KAKAO_SKILL_SECRET: LOCAL_SECRET, STAGE: 'test' }, () => import('../../../lambdas/kakao-webhook/handler'));
  deps = await import('../../../lambdas/kakao-webhook/dependencies');
  kakao = await new LoopbackServer((_req, res) => kakaoCallbackOk(res)).start();
  upstage = await new LoopbackServer((_req, res) => sendJson(res, 200, upstageCompletion(`(미소) ${COACH_LINE} 그리고 또요?`))).start();
});
afterAll(async () => {
  await kakao.stop();
  await upstage.stop();
  tables.destroy();
});
beforeEach(() => {
  kakao.requests.splice(0);
  upstage.requests.splice(0);
  kakao.respondWith((_req, res) => kakaoCallbackOk(res));
  upstage.respondWith((_req, res) => sendJson(res, 200, upstageCompletion(`(미소) ${COACH_LINE} 그리고 또요?`)));
});

/** The coaching bot on Upstage (a local server speaking its API), callbacks to a local "Kakao". */
const appWith = (env: Record<string, string> = {}) => {
  const config = deps.loadKakaoConfig({
    ...process.env,
    KAKAO_CALLBACK_TEST_LOOPBACK: 'true',
    KAKAO_CALLBACK_WINDOW_MS: '3000',
    KAKAO_CALLBACK_ATTEMPT_TIMEOUT_MS: '300',
    ...env,
  });
  const model = new UpstageLanguageModel({ apiKey: 'test-key', model: 'solar-pro2', baseUrl: `${upstage.url}/v1` });
  const app = deps.createKakaoApp(config, createInstrumentation('kakao-test'), { model });
  const send = async (body: unknown) => {
    const res = await mod.handleKakaoRequest(apiEvent('coaching', body), app);
    expect(res.statusCode).toBe(200);
    return expectValidSkillResponse(JSON.parse(res.body)) as unknown as Record<string, unknown>;
  };
  return { app, send, idle: () => app.localQueue?.idle() ?? Promise.resolve() };
};

let n = 0;
const newUser = () => `cb-user-${++n}-${Date.now().toString(36)}`;
const callbackUrl = (token = `tok-${n}-${Math.random().toString(36).slice(2)}`) => `${kakao.url}/v1/callbacks/${token}`;
const session = async (userId: string) =>
  (await tables.doc.send(new GetCommand({ TableName: tables.names.coachingSessions, Key: { userId }, ConsistentRead: true }))).Item?.session as CoachingSession | undefined;
const requestItem = async (body: ReturnType<typeof skillBody>) =>
  (await tables.doc.send(new GetCommand({ TableName: tables.names.kakaoRequests, Key: { requestKey: requestKey('coaching', parseSkillRequest(body)) }, ConsistentRead: true }))).Item;

/** A user who already chose their type (a fast turn). */
const teacher = async (send: (b: unknown) => Promise<unknown>) => {
  const userId = newUser();
  await send(skillBody(userId, '교사'));
  return userId;
};

describe('callback path: LLM turns answer at once and finish by callback', () => {
  it('acknowledges with useCallback, then POSTs the final reply exactly once', async () => {
    const { send, idle } = appWith();
    const userId = await teacher(send);
    const body = skillBody(userId, '학생들과 관계가 어려워요', { callbackUrl: callbackUrl() });
    const ack = await send(body);
    expect(ack).toEqual({ version: '2.0', useCallback: true, data: { text: expect.stringContaining('잠시만 기다려') } });
    await idle();
    expect(kakao.requests).toHaveLength(1);
    const posted = expectValidSkillResponse(JSON.parse(kakao.requests[0]?.body ?? ''));
    expect(replyText(posted)).toBe(COACH_LINE); // cleaned: no stage direction, one question
    expect(upstage.requests).toHaveLength(1);
    const system = JSON.parse(upstage.requests[0]?.body ?? '{}').messages[0];
    expect(system).toMatchObject({ role: 'system', content: expect.stringContaining('신뢰 형성') });
    expect((await session(userId))?.history.slice(-2)).toEqual([
      { role: 'user', content: '학생들과 관계가 어려워요' },
      { role: 'assistant', content: COACH_LINE },
    ]);
    expect(await requestItem(body)).toMatchObject({ state: 'COMPLETED', callbackStatus: 'SENT', callbackAttempts: 1 });
  });

  it('retries after a 500 from Kakao and delivers once', async () => {
    kakao.respondWith((_req, res, i) => (i === 0 ? sendJson(res, 500, { message: 'temporary' }) : kakaoCallbackOk(res)));
    const { send, idle } = appWith();
    const userId = await teacher(send);
    const body = skillBody(userId, '요즘 수업이 버거워요', { callbackUrl: callbackUrl() });
    await send(body);
    await idle();
    expect(kakao.requests).toHaveLength(2);
    expect(kakao.requests[0]?.body).toBe(kakao.requests[1]?.body);
    expect(await requestItem(body)).toMatchObject({ callbackStatus: 'SENT', callbackAttempts: 2 });
  });

  it('gives up when Kakao never answers within the window, keeping the turn', async () => {
    kakao.respondWith(() => undefined);
    const { send, idle } = appWith();
    const userId = await teacher(send);
    const body = skillBody(userId, '학부모 상담이 걱정돼요', { callbackUrl: callbackUrl() });
    const started = Date.now();
    await send(body);
    await idle();
    expect(Date.now() - started).toBeLessThan(4500);
    expect(kakao.requests.length).toBeGreaterThanOrEqual(2);
    expect(await requestItem(body)).toMatchObject({ callbackStatus: 'TIMEOUT' });
    expect((await session(userId))?.turnCount).toBe(1);
  });

  it('stops at once on an expired callback token', async () => {
    kakao.respondWith((_req, res) => kakaoCallbackExpired(res));
    const { send, idle } = appWith();
    const userId = await teacher(send);
    const body = skillBody(userId, '동료 교사와 갈등이 있어요', { callbackUrl: callbackUrl() });
    await send(body);
    await idle();
    expect(kakao.requests).toHaveLength(1);
    expect(await requestItem(body)).toMatchObject({ callbackStatus: 'EXPIRED', callbackAttempts: 1 });
  });

  it('answers fast turns (commands, crisis, type choice) directly even when a callback is offered', async () => {
    const { send, idle } = appWith();
    const userId = newUser();
    expect(replyText(await send(skillBody(userId, '교사', { callbackUrl: callbackUrl() })))).toContain('교사로 등록되었습니다');
    expect(replyText(await send(skillBody(userId, '죽고 싶어요', { callbackUrl: callbackUrl() })))).toContain('109');
    expect(replyText(await send(skillBody(userId, '그만', { callbackUrl: callbackUrl() })))).toContain('고마워요');
    await idle();
    expect(kakao.requests).toHaveLength(0);
    expect(upstage.requests).toHaveLength(0);
  });

  it('never calls back a host outside *.kakao.com: the turn is answered synchronously instead', async () => {
    const { send, idle } = appWith();
    const userId = await teacher(send);
    const r = await send(skillBody(userId, '수업 준비가 힘들어요', { callbackUrl: 'https://attacker.example/steal' }));
    expect(r).not.toHaveProperty('useCallback');
    expect(replyText(r)).toBe(COACH_LINE);
    const locked = appWith({ KAKAO_CALLBACK_TEST_LOOPBACK: 'false' });
    const r2 = await locked.send(skillBody(userId, '학생 상담이 어려워요', { callbackUrl: callbackUrl() }));
    expect(r2).not.toHaveProperty('useCallback');
    await idle();
    await locked.idle();
    expect(kakao.requests).toHaveLength(0);
  });
});

describe('without a callback the LLM gets a deadline', () => {
  it('answers from the offline engine on time when the LLM is slow', async () => {
    upstage.respondWith((_req, res) => {
      setTimeout(() => sendJson(res, 200, upstageCompletion('늦은 답?')), 3000);
    });
    const { send } = appWith({ KAKAO_SYNC_BUDGET_MS: '500' });
    const userId = await teacher(send);
    const started = Date.now();
    const r = await send(skillBody(userId, '요즘 수업 준비 때문에 너무 지쳐요'));
    expect(Date.now() - started).toBeLessThan(1500);
    expect(replyText(r)).toContain('지치셨겠어요');
    expect(replyText(r)).toMatch(/\?$/);
  });
});

describe('idempotency and concurrency', () => {
  it('a redelivered request is the same turn: same answer, one entry in the conversation', async () => {
    const { send } = appWith();
    const userId = await teacher(send);
    const body = skillBody(userId, '학급 회의를 어떻게 이끌지 고민이에요');
    const first = await send(body);
    const again = await send(body);
    expect(again).toEqual(first);
    const [a, b, c] = await Promise.all([send(skillBody(userId, '같이 온 메시지')), send(skillBody(userId, '같이 온 메시지')), send(skillBody(userId, '같이 온 메시지'))]);
    const s = await session(userId);
    expect(s?.history.filter((m) => m.content === '학급 회의를 어떻게 이끌지 고민이에요')).toHaveLength(1);
    expect(s?.history.filter((m) => m.content === '같이 온 메시지')).toHaveLength(1);
    expect(s?.turnCount).toBe(2);
    for (const r of [b, c]) expect(replyText(r) === replyText(a) || replyText(r).includes('처리하고 있어요')).toBe(true);
    expect(upstage.requests).toHaveLength(2);
  });

  it('a redelivered callback request never causes a second turn or a second callback', async () => {
    const { send, idle } = appWith();
    const userId = await teacher(send);
    const body = skillBody(userId, '수업 시간에 학생들이 자요', { callbackUrl: callbackUrl() });
    const acks = await Promise.all([send(body), send(body)]);
    await idle();
    const late = await send(body);
    await idle();
    for (const ack of [...acks, late]) expect(ack).toMatchObject({ useCallback: true });
    expect(kakao.requests).toHaveLength(1);
    expect(upstage.requests).toHaveLength(1);
    expect((await session(userId))?.turnCount).toBe(1);
  });

  it('two different messages from one user at the same moment both land (versioned writes)', async () => {
    const { send } = appWith();
    const userId = await teacher(send);
    const texts = ['첫 번째 고민은 수업 준비예요', '두 번째 고민은 학부모 상담이에요', '세 번째는 업무 분장이에요'];
    await Promise.all(texts.map((t) => send(skillBody(userId, t))));
    const s = await session(userId);
    for (const t of texts) expect(s?.history.filter((m) => m.role === 'user' && m.content === t)).toHaveLength(1);
    expect(s?.turnCount).toBe(3);
  });
});
