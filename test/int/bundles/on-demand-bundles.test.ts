import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TABLES, type TableKey } from '../../../lib/tables';
import { apiEvent, expectValidSkillResponse, kakaoCallbackOk, LoopbackServer, replyText, sendJson, skillBody } from '../../support/kakao';
import { buildLambdaBundle, invokeBundle, REPO_ROOT } from '../harness/bundle';
import { createTestTables, type TestTables } from '../harness/store';

/**
 * The Kakao and chatbot bundles as CDK deploys them (lib/bundling.ts), run in fresh `node`
 * processes against real HTTP peers on 127.0.0.1: the harness's DynamoDB store, and local servers
 * speaking the Secrets Manager, Bedrock Runtime, SQS and Lex Runtime V2 wire protocols. What the
 * bundling rewrites is exercised here for real:
 * - Bedrock's runtime configuration without event streams or HTTP/2 still converses;
 * - the deferral queue's SQS client and the Lex engine are files of their own (`on-demand/`),
 *   loaded by the first turn that needs them.
 */
const BEDROCK_LINE = '학생들과의 관계가 마음에 걸리시는군요. 최근 가장 기억에 남는 장면은 무엇인가요?';
const SECRET = 'bundle-test-skill-secret';

let tables: TestTables;
let webhook: string;
let worker: string;
let chatbot: string;
const peers: Record<'secrets' | 'bedrock' | 'sqs' | 'lex' | 'kakao', LoopbackServer> = {
  secrets: new LoopbackServer((_req, res) => sendJson(res, 200, { ARN: 'arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:kakao', Name: 'kakao', SecretString: SECRET })),
  bedrock: new LoopbackServer((_req, res) =>
    sendJson(res, 200, {
      output: { message: { role: 'assistant', content: [{ text: BEDROCK_LINE }] } },
      stopReason: 'end_turn',
      usage: { inputTokens: 120, outputTokens: 30, totalTokens: 150 },
      metrics: { latencyMs: 20 },
    }),
  ),
  // SQS JSON protocol; the SDK checks the body's MD5 in the answer.
  sqs: new LoopbackServer((req, res) => {
    const { MessageBody } = JSON.parse(req.body) as { MessageBody: string };
    sendJson(res, 200, { MessageId: 'm-1', MD5OfMessageBody: createHash('md5').update(MessageBody).digest('hex') });
  }),
  lex: new LoopbackServer((_req, res) =>
    sendJson(res, 200, {
      interpretations: [{ intent: { name: 'order_inquiry' }, nluConfidence: { score: 0.93 } }, { intent: { name: 'FallbackIntent' } }],
      sessionState: { intent: { name: 'order_inquiry', state: 'InProgress' } },
      sessionId: 'contact',
    }),
  ),
  kakao: new LoopbackServer((_req, res) => kakaoCallbackOk(res)),
};

beforeAll(async () => {
  tables = await createTestTables('ondemand');
  await Promise.all(Object.values(peers).map((p) => p.start()));
  const built = await Promise.all(['kakao-webhook/handler.ts', 'kakao-webhook/worker.ts', 'chatbot-handler/handler.ts'].map((entry) => buildLambdaBundle(`lambdas/${entry}`)));
  webhook = built[0] ?? '';
  worker = built[1] ?? '';
  chatbot = built[2] ?? '';
}, 120_000);
afterAll(async () => {
  await Promise.all(Object.values(peers).map((p) => p.stop()));
  tables.destroy();
});

/** What Lambda gives a function: table names, credentials, a region; the AWS endpoints point here. */
const lambdaEnv = (): Record<string, string> => ({
  ...Object.fromEntries((Object.keys(TABLES) as TableKey[]).map((k) => [TABLES[k].envVar, tables.names[k]])),
  AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'secret',
  AWS_SESSION_TOKEN: 'token',
  AWS_ENDPOINT_URL_DYNAMODB: tables.endpoint,
  AWS_ENDPOINT_URL_SECRETS_MANAGER: peers.secrets.url,
  AWS_ENDPOINT_URL_BEDROCK_RUNTIME: peers.bedrock.url,
  AWS_ENDPOINT_URL_SQS: peers.sqs.url,
  AWS_ENDPOINT_URL_LEX_RUNTIME_V2: peers.lex.url,
  STAGE: 'test',
});

const kakaoEnv = () => ({
  ...lambdaEnv(),
  KAKAO_SKILL_SECRET_ID: 'aicc/test/kakao-skill-secret',
  KAKAO_COMPLETION_QUEUE_URL: `${peers.sqs.url}/123456789012/kakao-completions`,
  KAKAO_CALLBACK_TEST_LOOPBACK: 'true',
  COACHING_LLM: 'bedrock',
  NLU_ENGINE: 'offline',
});

const askWebhook = async (body: unknown) => {
  const { answer, logs } = await invokeBundle(webhook, apiEvent('coaching', body, { 'X-Skill-Secret': SECRET }), kakaoEnv());
  const result = answer as { statusCode: number; body: string };
  expect({ status: result.statusCode, logs }).toMatchObject({ status: 200 });
  return expectValidSkillResponse(JSON.parse(result.body));
};

let n = 0;
const newUser = () => `bundle-user-${++n}-${Date.now().toString(36)}`;

describe('kakao-webhook and its worker, bundled', () => {
  it('checks the skill secret from Secrets Manager and coaches with Bedrock within the request', async () => {
    const userId = newUser();
    await askWebhook(skillBody(userId, '교사'));
    const reply = await askWebhook(skillBody(userId, '학생들과 관계가 어려워요'));
    expect(replyText(reply)).toContain(BEDROCK_LINE);
    const converse = peers.bedrock.requests.at(-1);
    expect(converse?.path).toMatch(/^\/model\/.+\/converse$/);
    expect(peers.secrets.requests.at(-1)?.headers['x-amz-target']).toBe('secretsmanager.GetSecretValue');
  });

  it('defers a turn with a callback URL to SQS from its on-demand file, and the worker delivers the reply', async () => {
    const userId = newUser();
    await askWebhook(skillBody(userId, '교사'));
    const sent = peers.sqs.requests.length;
    const ack = await askWebhook(skillBody(userId, '학생들과 관계가 어려워요', { callbackUrl: `${peers.kakao.url}/v1/callbacks/tok-${userId}` }));
    expect(ack).toMatchObject({ useCallback: true });
    const message = peers.sqs.requests[sent];
    expect(message?.headers['x-amz-target']).toBe('AmazonSQS.SendMessage');
    const { QueueUrl, MessageBody } = JSON.parse(message?.body ?? '{}') as { QueueUrl: string; MessageBody: string };
    expect(QueueUrl).toBe(kakaoEnv().KAKAO_COMPLETION_QUEUE_URL);

    const delivered = peers.kakao.requests.length;
    const { answer } = await invokeBundle(worker, { Records: [{ messageId: 'sqs-1', body: MessageBody }] }, kakaoEnv());
    expect(answer).toEqual({ batchItemFailures: [] });
    const callback = peers.kakao.requests[delivered];
    expect(callback?.path).toBe(`/v1/callbacks/tok-${userId}`);
    expect(replyText(expectValidSkillResponse(JSON.parse(callback?.body ?? '{}')))).toContain(BEDROCK_LINE);
  });

  it('the worker has no skill secret to read, so its bundle carries no Secrets Manager client', () => {
    expect(readFileSync(worker, 'utf8')).not.toContain('secretsmanager');
    expect(readFileSync(webhook, 'utf8')).toContain('secretsmanager');
  });
});

describe('chatbot-handler, bundled, with the Lex engine', () => {
  it('loads the Lex client from its on-demand file on the first turn and takes the intent Lex found', async () => {
    const event: unknown = JSON.parse(readFileSync(join(REPO_ROOT, 'events/chatbot-handler/chat-greeting.json'), 'utf8'));
    const { answer } = await invokeBundle(chatbot, event, { ...lambdaEnv(), NLU_ENGINE: 'lex', LEX_BOT_ID: 'BOTID12345', LEX_BOT_ALIAS_ID: 'TSTALIASID' });
    expect(answer).toMatchObject({ intent: 'order_inquiry', nluSource: 'lex' });
    expect(peers.lex.requests.at(-1)?.path).toMatch(/^\/bots\/BOTID12345\/botAliases\/TSTALIASID\/botLocales\/ko_KR\/sessions\/[^/]+\/text$/);
  });
});
