import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { CoachingSession } from '@domain/coaching/session';
import { KAKAO_MESSAGES } from '@domain/kakao/messages';
import { parseSkillRequest } from '@domain/kakao/skill-request';
import { requestKey } from '@domain/kakao/skill-service';
import { localContext } from '../../local/lambdas';
import { apiEvent, expectValidSkillResponse, LOCAL_SECRET, LoopbackServer, replyText, sendJson, skillBody } from '../support/kakao';
import type { TestTables } from '../int/harness/store';
import { applyEnv, capture, DEAD_ENDPOINT, expectLoggedWithoutPii, expectMetered, KAKAO_BUDGET_MS, loadIsolated, seededTables } from './harness/observe';

import type * as HandlerModule from '../../lambdas/kakao-webhook/handler';
import type * as BedrockSdk from '@aws-sdk/client-bedrock-runtime';
type Module = typeof HandlerModule;

/**
 * The Kakao skill endpoint under DynamoDB, Bedrock and callback-endpoint faults. Whatever fails,
 * Kakao gets HTTP 200 with a valid SkillResponse inside its 5 s wait.
 */
let tables: TestTables;
let live: Module;
let kakao: LoopbackServer;
let n = 0;
const newUser = () => `fault-user-${++n}-${Date.now().toString(36)}`;

const KAKAO_ENV = {
  KAKAO_SKILL_SECRET: LOCAL_SECRET,
  KAKAO_CALLBACK_TEST_LOOPBACK: 'true',
  KAKAO_CALLBACK_WINDOW_MS: '3000',
  KAKAO_CALLBACK_ATTEMPT_TIMEOUT_MS: '300',
  KAKAO_SYNC_BUDGET_MS: '1500',
  COACHING_LLM: 'offline',
};

/** One webhook invocation through the wrapped handler (logs, then the metrics flush). */
const post = async (mod: Module, profile: 'service' | 'coaching', body: unknown) => {
  const res = (await mod.handler(apiEvent(profile, body), localContext('kakao-webhook') as never)) as { statusCode: number; body: string };
  expect(res.statusCode).toBe(200);
  return expectValidSkillResponse(JSON.parse(res.body)) as unknown as Record<string, unknown>;
};
/** An invocation that touches nothing (unknown profile → 404) but flushes the module's metrics. */
const flush = (mod: Module) => mod.handler(apiEvent('nobody', {}), localContext('kakao-webhook') as never);

const session = async (userId: string) =>
  (await tables.doc.send(new GetCommand({ TableName: tables.names.coachingSessions, Key: { userId }, ConsistentRead: true }))).Item?.session as CoachingSession | undefined;

beforeAll(async () => {
  tables = await seededTables('fault-kakao');
  kakao = await new LoopbackServer((_req, res) => sendJson(res, 200, { status: 'SUCCESS' })).start();
  applyEnv({ ...tables.env, ...KAKAO_ENV });
  live = await import('../../lambdas/kakao-webhook/handler');
});
afterAll(async () => {
  await kakao.stop();
  tables.destroy();
});

describe('kakao-webhook when DynamoDB fails', () => {
  it.each([
    ['ProvisionedThroughputExceededException', () => new ProvisionedThroughputExceededException({ message: 'Rate exceeded', $metadata: {} })],
    ['ThrottlingException', () => Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), { name: 'ThrottlingException' })],
  ])('throttled (%s): service and coaching answer 200 with the polite apology; the coaching session already written stays', async (_name, error) => {
    const userId = newUser();
    expect(replyText(await post(live, 'coaching', skillBody(userId, '교사')))).toContain('교사로 등록되었습니다');
    const before = await session(userId);
    expect(before).toBeDefined();

    const ddb = mockClient(DynamoDBDocumentClient);
    ddb.onAnyCommand().rejects(error());
    let service;
    let coaching;
    try {
      service = await capture(() => post(live, 'service', skillBody(newUser(), '반품 기간이 어떻게 돼요? 010-2345-6789')));
      coaching = await capture(() => post(live, 'coaching', skillBody(userId, '학생들과 관계가 어려워요')));
    } finally {
      ddb.restore();
    }
    for (const run of [service, coaching]) {
      expect(replyText(run.result)).toBe(KAKAO_MESSAGES.unavailable);
      expect(run.elapsedMs).toBeLessThan(KAKAO_BUDGET_MS);
      expectLoggedWithoutPii(run.out, /kakao-webhook handle failed/);
      expectMetered(run.out, 'KakaoTurnFailed');
    }
    expect(await session(userId)).toEqual(before);
  });

  it('unreachable (connection refused on 127.0.0.1:9): 200 with the polite apology, inside Kakao\'s 5 s', async () => {
    const dead = await loadIsolated({ ...tables.env, ...KAKAO_ENV, DYNAMODB_ENDPOINT: DEAD_ENDPOINT }, () => import('../../lambdas/kakao-webhook/handler'));
    for (const profile of ['service', 'coaching'] as const) {
      const run = await capture(() => post(dead, profile, skillBody(newUser(), '배송 언제 와요')));
      expect(replyText(run.result)).toBe(KAKAO_MESSAGES.unavailable);
      expect(run.elapsedMs).toBeLessThan(KAKAO_BUDGET_MS);
      expectLoggedWithoutPii(run.out, /kakao-webhook handle failed/);
      expectMetered(run.out, 'KakaoTurnFailed');
    }
  });
});

describe('kakao-webhook coaching when Bedrock fails', () => {
  const loadBedrockCopy = () =>
    loadIsolated({ ...tables.env, ...KAKAO_ENV, COACHING_LLM: 'bedrock' }, async () => ({
      mod: await import('../../lambdas/kakao-webhook/handler'),
      sdk: await import('@aws-sdk/client-bedrock-runtime'),
    }));

  it.each([
    ['ThrottlingException', (sdk: typeof BedrockSdk) => Promise.reject(new sdk.ThrottlingException({ message: 'Too many requests', $metadata: {} }))],
    ['a timeout (no answer at all)', () => new Promise<never>(() => undefined)],
  ])('%s: the offline coach answers in the same turn, inside 5 s; logged and metered', async (_name, fault) => {
    const { mod, sdk } = await loadBedrockCopy();
    const bedrock = mockClient(sdk.BedrockRuntimeClient);
    bedrock.on(sdk.ConverseCommand).callsFake(() => fault(sdk));
    try {
      const userId = newUser();
      await post(mod, 'coaching', skillBody(userId, '교사'));
      const run = await capture(() => post(mod, 'coaching', skillBody(userId, '학생들과 관계가 어려워요')));
      expect(bedrock.commandCalls(sdk.ConverseCommand).length).toBeGreaterThan(0);
      const text = replyText(run.result);
      expect(text.length).toBeGreaterThan(10);
      expect(text).not.toBe(KAKAO_MESSAGES.unavailable);
      expect(run.elapsedMs).toBeLessThan(KAKAO_BUDGET_MS);
      expectLoggedWithoutPii(run.out, /coach responder failed/);
      expectMetered(run.out, 'CoachingResponderFailed');
      expect((await session(userId))?.turnCount).toBe(1);
    } finally {
      bedrock.restore();
    }
  });
});

describe('kakao-webhook when the Kakao callback endpoint fails', () => {
  it('500 then no answer at all: the ack is immediate, the reply is kept, the failed delivery is logged and metered', async () => {
    const { mod, sdk } = await loadIsolated({ ...tables.env, ...KAKAO_ENV, COACHING_LLM: 'bedrock' }, async () => ({
      mod: await import('../../lambdas/kakao-webhook/handler'),
      sdk: await import('@aws-sdk/client-bedrock-runtime'),
    }));
    const bedrock = mockClient(sdk.BedrockRuntimeClient);
    bedrock.on(sdk.ConverseCommand).resolves({ output: { message: { role: 'assistant', content: [{ text: '관계가 마음에 걸리시는군요. 최근 가장 기억에 남는 장면은 무엇인가요?' }] } }, stopReason: 'end_turn', $metadata: {} } as never);
    kakao.respondWith((_req, res, i) => (i === 0 ? sendJson(res, 500, { message: 'temporary' }) : undefined));
    kakao.requests.splice(0);
    try {
      const userId = newUser();
      await post(mod, 'coaching', skillBody(userId, '교사'));
      const body = skillBody(userId, '학생들과 관계가 어려워요', { callbackUrl: `${kakao.url}/v1/callbacks/tok-${userId}` });
      const run = await capture(async () => {
        const sent = performance.now();
        const ack = await post(mod, 'coaching', body);
        const ackedMs = performance.now() - sent;
        await mod.localCompletionQueue?.idle();
        await flush(mod);
        return { ack, ackedMs };
      });
      expect(run.result.ack).toMatchObject({ version: '2.0', useCallback: true });
      expect(run.result.ackedMs).toBeLessThan(KAKAO_BUDGET_MS);
      expect(kakao.requests.length).toBeGreaterThanOrEqual(2);
      expectLoggedWithoutPii(run.out, /CallbackFailed/);
      expectMetered(run.out, 'KakaoCallbackDeferred', 'KakaoCallbackFailed');
      const item = (
        await tables.doc.send(
          new GetCommand({ TableName: tables.names.kakaoRequests, Key: { requestKey: requestKey('coaching', parseSkillRequest(body)) }, ConsistentRead: true }),
        )
      ).Item;
      expect(item).toMatchObject({ state: 'COMPLETED', callbackStatus: 'TIMEOUT' });
      expect(String(item?.response)).toContain('기억에 남는 장면');
      expect((await session(userId))?.turnCount).toBe(1);
    } finally {
      bedrock.restore();
      kakao.respondWith((_req, res) => sendJson(res, 200, { status: 'SUCCESS' }));
    }
  });
});
