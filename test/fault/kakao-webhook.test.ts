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
import type * as WorkerModule from '../../lambdas/kakao-webhook/worker';
import type * as BedrockSdk from '@aws-sdk/client-bedrock-runtime';
import type * as SqsSdk from '@aws-sdk/client-sqs';
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

describe('kakao-webhook when the completion queue (SQS) fails', () => {
  const QUEUE_URL = 'https://sqs.ap-northeast-2.amazonaws.com/123456789012/aicc-kakao-completions';
  const COACH_LINE = '관계가 마음에 걸리시는군요. 최근 가장 기억에 남는 장면은 무엇인가요?';

  /**
   * The webhook and its worker as deployed (SQS between them), the coach on Bedrock: both SDKs
   * mocked at their boundary. A coaching user who has chosen a type, and their next message with
   * a callback URL (a turn the webhook defers to the worker).
   */
  const setUp = async () => {
    const copy = await loadIsolated({ ...tables.env, ...KAKAO_ENV, COACHING_LLM: 'bedrock', KAKAO_COMPLETION_QUEUE_URL: QUEUE_URL }, async () => ({
      mod: await import('../../lambdas/kakao-webhook/handler'),
      worker: await import('../../lambdas/kakao-webhook/worker'),
      bedrockSdk: await import('@aws-sdk/client-bedrock-runtime'),
    }));
    // The webhook loads the SQS client on its first deferral, after isolation ends: from the shared module registry.
    const sqsSdk = await import('@aws-sdk/client-sqs');
    const bedrock = mockClient(copy.bedrockSdk.BedrockRuntimeClient);
    bedrock.on(copy.bedrockSdk.ConverseCommand).resolves({ output: { message: { role: 'assistant', content: [{ text: COACH_LINE }] } }, stopReason: 'end_turn', $metadata: {} } as never);
    const sqs = mockClient(sqsSdk.SQSClient);
    const userId = newUser();
    await post(copy.mod, 'coaching', skillBody(userId, '교사'));
    const body = skillBody(userId, '학생들과 관계가 어려워요', { callbackUrl: `${kakao.url}/v1/callbacks/tok-${userId}` });
    kakao.requests.splice(0);
    return {
      ...copy,
      sqsSdk,
      sqs,
      userId,
      body,
      restore: () => {
        bedrock.restore();
        sqs.restore();
      },
    };
  };

  const requestItem = async (body: unknown) =>
    (await tables.doc.send(new GetCommand({ TableName: tables.names.kakaoRequests, Key: { requestKey: requestKey('coaching', parseSkillRequest(body)) }, ConsistentRead: true })))
      .Item;

  /** The worker Lambda consuming one SQS message. */
  const runWorker = (worker: typeof WorkerModule, messageBody: string) =>
    worker.handler({ Records: [{ messageId: 'm-1', body: messageBody }] }, localContext('kakao-webhook-worker') as never) as Promise<{ batchItemFailures: unknown[] }>;

  it.each([
    ['RequestThrottled', (sdk: typeof SqsSdk) => Promise.reject(new sdk.RequestThrottled({ message: 'Rate exceeded', $metadata: {} }))],
    ['QueueDoesNotExist (queue deleted or misconfigured)', (sdk: typeof SqsSdk) => Promise.reject(new sdk.QueueDoesNotExist({ message: 'The specified queue does not exist.', $metadata: {} }))],
    ['a timeout (no answer at all)', () => new Promise<never>(() => undefined)],
  ])('%s: the user gets the full answer at once instead of a callback promise; a Kakao retry gets the same answer; logged and metered', async (_name, fault) => {
    const t = await setUp();
    t.sqs.on(t.sqsSdk.SendMessageCommand).callsFake(() => fault(t.sqsSdk));
    try {
      const run = await capture(async () => {
        const answer = await post(t.mod, 'coaching', t.body);
        await flush(t.mod);
        return answer;
      });
      expect(t.sqs.commandCalls(t.sqsSdk.SendMessageCommand).length).toBeGreaterThan(0);
      // Not a promise of a callback that will never come: the answer itself, inside Kakao's wait.
      expect(run.result).not.toHaveProperty('useCallback');
      expect(replyText(run.result)).toContain('기억에 남는 장면');
      expect(run.elapsedMs).toBeLessThan(KAKAO_BUDGET_MS);
      expectLoggedWithoutPii(run.out, /DeferFailed|defer failed/);
      expectMetered(run.out, 'KakaoDeferFailed');

      // Nothing lost, nothing doubled: one coaching turn stored, the request record holds the answer
      // and no longer claims a callback.
      expect((await session(t.userId))?.turnCount).toBe(1);
      const item = await requestItem(t.body);
      expect(item).toMatchObject({ state: 'COMPLETED' });
      expect(item?.deferred).not.toBe(true);
      expect(String(item?.response)).toContain('기억에 남는 장면');

      // Kakao redelivers the request (it did not see the answer in time): the same answer, no second turn, no callback.
      const retry = await capture(() => post(t.mod, 'coaching', t.body));
      expect(retry.result).toEqual(run.result);
      expect((await session(t.userId))?.turnCount).toBe(1);
      expect(kakao.requests).toHaveLength(0);
    } finally {
      t.restore();
    }
  });

  it('the send failed on our side but the message went out: whoever takes the turn first answers it, once', async () => {
    // SQS took the message, but its answer never reached us (a timeout after delivery).
    const t = await setUp();
    const sent: string[] = [];
    t.sqs.on(t.sqsSdk.SendMessageCommand).callsFake((input: { MessageBody?: string }) => {
      sent.push(input.MessageBody ?? '');
      return new Promise<never>(() => undefined);
    });
    try {
      const run = await capture(async () => {
        const answer = await post(t.mod, 'coaching', t.body);
        await flush(t.mod);
        // The worker gets the message afterwards: the webhook already answered, so it skips the turn.
        return { answer, worker: await runWorker(t.worker, sent[0] ?? '') };
      });
      expect(replyText(run.result.answer)).toContain('기억에 남는 장면');
      expectLoggedWithoutPii(run.out, /DeferFailed|defer failed/);
      expectMetered(run.out, 'KakaoDeferFailed');
      expect(sent).toHaveLength(1);
      expect(run.result.worker.batchItemFailures).toEqual([]);
      expect(kakao.requests).toHaveLength(0);
      expect((await session(t.userId))?.turnCount).toBe(1);
      expect(await requestItem(t.body)).toMatchObject({ state: 'COMPLETED' });
    } finally {
      t.restore();
    }
  });

  it('the message went out and the worker took the turn before the webhook gave up on SQS: the callback answers, the webhook acknowledges', async () => {
    const t = await setUp();
    t.sqs.on(t.sqsSdk.SendMessageCommand).callsFake(async (input: { MessageBody?: string }) => {
      // The worker runs the turn and posts the callback while our send is still waiting for SQS's answer.
      await runWorker(t.worker, input.MessageBody ?? '');
      throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
    });
    try {
      const run = await capture(async () => {
        const ack = await post(t.mod, 'coaching', t.body);
        await flush(t.mod);
        return ack;
      });
      expect(run.result).toMatchObject({ version: '2.0', useCallback: true });
      expectLoggedWithoutPii(run.out, /DeferFailed|defer failed/);
      expect(kakao.requests).toHaveLength(1);
      expect(kakao.requests[0]?.body).toContain('기억에 남는 장면');
      expect((await session(t.userId))?.turnCount).toBe(1);
      expect(await requestItem(t.body)).toMatchObject({ state: 'COMPLETED', callbackStatus: 'SENT' });
    } finally {
      t.restore();
    }
  });
});
