import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { bookCallback } from '@domain/callbacks/book-callback';
import { FixedClock } from '@domain/clock';
import { readDailyStatistics } from '@domain/statistics/statistics';
import { DynamoStatisticsStore } from '../../../lambdas/adapters/dynamodb/statistics-store';
import { ADMIN_ROUTE_KEYS, splitRouteKey } from '../../../lambdas/admin-api/route-table';
import * as S from '../../../lambdas/admin-api/schemas';
import { createInstrumentation } from '../../../lambdas/platform/instrumentation';
import { loadConfig } from '../../../lambdas/platform/config';
import { SEED_FAQS } from '../../../lambdas/domain/faq/faq';
import { toFaqItem } from '../../../lambdas/adapters/dynamodb/faq-repository';
import { putIfAbsent } from '../../../local/seed/seed';
import { apiEvent, LOCAL_SECRET, skillBody } from '../../support/kakao';
import { callbackDeps } from '../callback-scheduler/fixtures';
import { createTestTables, loadHandlerWithEnv, type TestTables } from '../harness/store';
import { adminEvent, connectEvent, toAnswer, TOKEN, type Answer } from './fixtures';

import type * as AdminHandler from '../../../lambdas/admin-api/handler';
import type * as AdminDeps from '../../../lambdas/admin-api/dependencies';
import type * as ChatbotHandler from '../../../lambdas/chatbot-handler/handler';
import type * as ChatbotDeps from '../../../lambdas/chatbot-handler/deps';
import type * as KakaoHandler from '../../../lambdas/kakao-webhook/handler';
import type * as KakaoDeps from '../../../lambdas/kakao-webhook/dependencies';
import type * as Aggregator from '../../../lambdas/statistics-aggregator/handler';

const DAY = '2026-11-24';
let tables: TestTables;
let admin: typeof AdminHandler;
let adminDeps: typeof AdminDeps;
let chatbot: typeof ChatbotHandler;
let app: AdminDeps.AdminApp;
let bot: ChatbotDeps.ChatbotDeps;
let clock: FixedClock;

beforeAll(async () => {
  tables = await createTestTables('admin');
  const env = { ...tables.env, ADMIN_AUTH: 'token', AICC_ADMIN_TOKEN: TOKEN, STAGE: 'test', STATISTICS_INLINE: 'true', FAQ_CACHE_SECONDS: '0', KAKAO_SKILL_SECRET: LOCAL_SECRET };
  admin = await loadHandlerWithEnv(env, () => import('../../../lambdas/admin-api/handler'));
  adminDeps = await import('../../../lambdas/admin-api/dependencies');
  chatbot = await import('../../../lambdas/chatbot-handler/handler');
  const chatbotDeps = await import('../../../lambdas/chatbot-handler/deps');
  clock = new FixedClock('2026-11-24T01:00:00Z'); // Tuesday 10:00 in Seoul
  app = adminDeps.createAdminApp(adminDeps.loadAdminConfig(process.env), { clock });
  bot = chatbotDeps.createChatbotDeps(loadConfig(chatbotDeps.chatbotConfigSchema, process.env), () => undefined, { clock });
  await putIfAbsent(tables.doc, tables.names.faq, 'faqId', SEED_FAQS.map((f) => toFaqItem(f, clock.now())));
});
afterAll(() => tables.destroy());

const call = async (method: string, path: string, options: Parameters<typeof adminEvent>[2] = {}, on: AdminDeps.AdminApp = app): Promise<Answer> =>
  toAnswer(await admin.handleAdminRequest(adminEvent(method, path, options), on));

/** Every turn the chatbot answered in these tests, by conversation: what statistics must add up to. */
interface Said {
  readonly contactId: string;
  readonly channel: 'CHAT' | 'VOICE';
  readonly r: Record<string, string>;
}
const said: Said[] = [];
const say = async (contactId: string, text: string, options: { channel?: 'CHAT' | 'VOICE'; customerId?: string } = {}) => {
  clock.advance(20_000);
  const r = (await chatbot.answer(connectEvent(contactId, text, options), bot)) as Record<string, string>;
  said.push({ contactId, channel: options.channel ?? 'CHAT', r });
  return r;
};

describe('auth', () => {
  it('refuses every route, and unknown paths, without the bearer token (401 before routing)', async () => {
    for (const key of ADMIN_ROUTE_KEYS) {
      const { method, path } = splitRouteKey(key);
      const concrete = path.replace(/\{\w+\}/g, 'x-1');
      const res = await call(method, concrete, { token: null });
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ error: 'authentication required', code: 'UNAUTHORIZED' });
      expect(res.headers['www-authenticate']).toContain('Bearer');
    }
    expect((await call('GET', '/admin/nope', { token: null })).status).toBe(401);
  });

  it('refuses a wrong token, another scheme, and an empty bearer', async () => {
    expect((await call('GET', '/admin/faq', { token: `${TOKEN}x` })).status).toBe(401);
    expect((await call('GET', '/admin/faq', { token: null, headers: { Authorization: `Basic ${TOKEN}` } })).status).toBe(401);
    expect((await call('GET', '/admin/faq', { token: null, headers: { Authorization: 'Bearer ' } })).status).toBe(401);
    expect((await call('GET', '/admin/faq', { token: null, headers: { authorization: `bearer ${TOKEN}` } })).status).toBe(200);
  });

  it('in IAM mode, needs the caller identity API Gateway attaches after SigV4 (a bearer token is not enough)', async () => {
    const iam = adminDeps.createAdminApp(adminDeps.loadAdminConfig({ ...process.env, ADMIN_AUTH: 'iam', AICC_ADMIN_TOKEN: undefined }), { clock });
    expect((await call('GET', '/admin/faq', {}, iam)).status).toBe(401);
    const signed = await call('GET', '/admin/faq', { token: null, identity: { userArn: 'arn:aws:sts::123456789012:assumed-role/Supervisor/kim', caller: 'AROA:kim' } }, iam);
    expect(signed.status).toBe(200);
  });

  it('refuses to start in token mode on a deployed stage', () => {
    expect(() => adminDeps.loadAdminConfig({ ...process.env, STAGE: 'prod' })).toThrow(/local runtime and tests only/);
  });
});

describe('routing and OpenAPI', () => {
  it('serves an OpenAPI 3 document with every route and the schemas the API validates with', async () => {
    const res = await call('GET', '/admin/openapi.json');
    expect(res.status).toBe(200);
    expect(res.json.openapi).toBe('3.0.3');
    for (const key of ADMIN_ROUTE_KEYS) {
      const { method, path } = splitRouteKey(key);
      expect(res.json.paths[path]?.[method.toLowerCase()]).toBeDefined();
    }
    const create = res.json.paths['/admin/faq'].post.requestBody.content['application/json'].schema;
    expect(create.required).toEqual(expect.arrayContaining(['category', 'question', 'answer']));
    expect(create.properties.category.enum).toContain('delivery');
    expect(create.additionalProperties).toBe(false);
    const list = res.json.paths['/admin/conversations'].get.parameters.map((p: { name: string }) => p.name);
    expect(list).toEqual(['day', 'customerId', 'limit', 'cursor']);
    expect(res.json.paths['/admin/statistics'].get.responses['200'].content['application/json'].schema.properties.days.type).toBe('array');
  });

  it('answers 404 for unknown paths and 405 for a wrong method', async () => {
    expect((await call('GET', '/admin/unknown')).status).toBe(404);
    const res = await call('PATCH', '/admin/faq');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, POST');
  });

  it('rejects query parameters a route does not know', async () => {
    const res = await call('GET', '/admin/faq', { query: { limit: '5', sort: 'asc' } });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('VALIDATION_ERROR');
  });
});

describe('FAQ', () => {
  it('lists every live entry across pages without repeats', async () => {
    const ids: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await call('GET', '/admin/faq', { query: { limit: '5', ...(cursor ? { cursor } : {}) } });
      expect(res.status).toBe(200);
      expect(S.FaqPage.safeParse(res.json).success).toBe(true);
      ids.push(...res.json.items.map((i: { faqId: string }) => i.faqId));
      cursor = res.json.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(SEED_FAQS.map((f) => f.faqId)));
  });

  it('lists one category and gets one entry; 404 for an unknown id; 400 for a malformed id', async () => {
    const res = await call('GET', '/admin/faq', { query: { category: 'delivery' } });
    expect(res.status).toBe(200);
    expect(res.json.items.length).toBe(SEED_FAQS.filter((f) => f.category === 'delivery').length);
    expect(res.json.items.every((i: { category: string }) => i.category === 'delivery')).toBe(true);
    const one = await call('GET', '/admin/faq/faq-business-hours');
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({ faqId: 'faq-business-hours', version: 1, deleted: false });
    expect((await call('GET', '/admin/faq/faq-nope')).status).toBe(404);
    expect((await call('GET', '/admin/faq/NOT VALID')).status).toBe(400);
    expect((await call('GET', '/admin/faq', { query: { category: 'weather' } })).status).toBe(400);
  });

  it('rejects invalid and foreign cursors', async () => {
    expect((await call('GET', '/admin/faq', { query: { cursor: 'not-a-cursor' } })).json.issues[0]).toMatch(/cursor/);
    const delivery = await call('GET', '/admin/faq', { query: { category: 'delivery', limit: '1' } });
    expect(delivery.json.nextCursor).toEqual(expect.any(String));
    // A cursor of the delivery list is no cursor of the full list, nor of another category.
    expect((await call('GET', '/admin/faq', { query: { cursor: delivery.json.nextCursor } })).status).toBe(400);
    expect((await call('GET', '/admin/faq', { query: { category: 'payment', cursor: delivery.json.nextCursor } })).status).toBe(400);
    const forged = Buffer.from(JSON.stringify({ v: 1, q: 'x', k: { faqId: 'a' } })).toString('base64url');
    expect((await call('GET', '/admin/faq', { query: { cursor: forged } })).status).toBe(400);
  });

  it('validates bodies field by field', async () => {
    const res = await call('POST', '/admin/faq', { body: { category: 'delivery', question: '?' } });
    expect(res.status).toBe(400);
    expect(res.json.issues).toEqual(expect.arrayContaining([expect.stringMatching(/^body\.question/), expect.stringMatching(/^body\.answer/)]));
    expect((await call('POST', '/admin/faq', { body: '{not json' })).json.issues).toEqual(['body: not JSON']);
    expect((await call('POST', '/admin/faq', { body: { category: 'delivery', question: '질문입니다', answer: '답', admin: true } })).status).toBe(400);
    expect((await call('POST', '/admin/faq')).status).toBe(400);
  });

  it('creates, updates with the version read, refuses stale versions, soft-deletes; the bot follows at once', async () => {
    const content = {
      category: 'general',
      question: '주차장은 어디에 있나요?',
      answer: '본사 건물 지하 2층 주차장을 2시간 무료로 이용하실 수 있습니다.',
      paraphrases: ['주차 가능한가요?', '주차장 어디 있어요?', '차 가지고 가도 되나요?'],
      keywords: ['주차', '주차장'],
    };
    const created = await call('POST', '/admin/faq', { body: { ...content, faqId: 'faq-parking' } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ faqId: 'faq-parking', version: 1, deleted: false, spokenAnswer: null });
    expect((await call('POST', '/admin/faq', { body: { ...content, faqId: 'faq-parking' } })).status).toBe(409);
    const generated = await call('POST', '/admin/faq', {
      body: { ...content, question: '주차 요금은 얼마인가요?', answer: '2시간 이후 10분마다 500원입니다.', paraphrases: ['주차비 얼마예요?'], keywords: ['주차비'], category: 'payment' },
    });
    expect(generated.json.faqId).toMatch(/^faq-[0-9a-f]{12}$/);

    // The bot answers from the new entry without any redeploy.
    const asked = await say('c0ffee00-aaaa-4000-8000-000000000001', '주차장 어디 있어요?');
    expect(asked.faqId).toBe('faq-parking');
    expect(asked.responseText).toContain('지하 2층');

    const updated = await call('PUT', '/admin/faq/faq-parking', { body: { ...content, answer: '본사 지하 3층 주차장을 3시간 무료로 이용하실 수 있습니다.', version: 1 } });
    expect(updated.status).toBe(200);
    expect(updated.json).toMatchObject({ version: 2 });
    const stale = await call('PUT', '/admin/faq/faq-parking', { body: { ...content, version: 1 } });
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    expect((await say('c0ffee00-aaaa-4000-8000-000000000001', '주차장 어디 있어요?')).responseText).toContain('지하 3층');
    expect((await call('PUT', '/admin/faq/faq-nope', { body: { ...content, version: 1 } })).status).toBe(404);

    expect((await call('DELETE', '/admin/faq/faq-parking', { query: { version: '1' } })).json).toMatchObject({ currentVersion: 2 });
    expect((await call('DELETE', '/admin/faq/faq-parking')).status).toBe(400);
    const deleted = await call('DELETE', '/admin/faq/faq-parking', { query: { version: '2' } });
    expect(deleted.status).toBe(200);
    expect(deleted.json).toMatchObject({ version: 3, deleted: true });
    expect((await call('GET', '/admin/faq/faq-parking')).json).toMatchObject({ deleted: true, version: 3 });
    expect((await call('PUT', '/admin/faq/faq-parking', { body: { ...content, version: 3 } })).json).toMatchObject({ code: 'CONFLICT', currentVersion: 3 });

    const live = await call('GET', '/admin/faq', { query: { category: 'general', limit: '100' } });
    expect(live.json.items.map((i: { faqId: string }) => i.faqId)).not.toContain('faq-parking');
    const all = await call('GET', '/admin/faq', { query: { category: 'general', includeDeleted: 'true', limit: '100' } });
    expect(all.json.items.map((i: { faqId: string }) => i.faqId)).toContain('faq-parking');
    // …and the bot no longer answers with it.
    expect((await say('c0ffee00-aaaa-4000-8000-000000000002', '주차장 어디 있어요?')).faqId).not.toBe('faq-parking');
  });
});

describe('conversations, escalations and statistics from real chatbot turns', () => {
  const ids = Array.from({ length: 7 }, (_, i) => `c0ffee00-bbbb-4000-8000-00000000000${i}`);

  beforeAll(async () => {
    await say(ids[0] as string, '안녕하세요');
    await say(ids[0] as string, '고객센터 운영시간이 어떻게 되나요?');
    await say(ids[0] as string, '상담원 연결해 주세요');
    await say(ids[1] as string, '콜백 받고 싶어요', { customerId: 'cust-1001' });
    await say(ids[2] as string, '안녕하세요');
    await say(ids[3] as string, '반품은 어떻게 해요?', { customerId: 'cust-1001' });
    await say(ids[4] as string, '결제가 두 번 됐어요', { channel: 'VOICE' });
    await say(ids[5] as string, '제 번호는 010-1234-5678 이에요 =HYPERLINK("http://x")');
    await say(ids[6] as string, '상담원 연결해 주세요', { customerId: 'cust-1001' });
  });

  it('lists the day\'s conversations newest first across pages, every one exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await call('GET', '/admin/conversations', { query: { day: DAY, limit: '3', ...(cursor ? { cursor } : {}) } });
      expect(res.status).toBe(200);
      expect(S.ConversationPage.safeParse(res.json).success).toBe(true);
      expect(res.json.items.length).toBeLessThanOrEqual(3);
      seen.push(...res.json.items.map((i: { conversationId: string }) => i.conversationId));
      cursor = res.json.nextCursor ?? undefined;
    } while (cursor);
    const expected = [...new Set(said.map((s) => s.contactId))];
    expect(new Set(seen)).toEqual(new Set(expected));
    expect(seen.length).toBe(expected.length);
    expect(seen.indexOf(ids[6] as string)).toBeLessThan(seen.indexOf(ids[0] as string));
    expect((await call('GET', '/admin/conversations', { query: { day: '2026-11-23' } })).json.items).toEqual([]);
  });

  it('lists a customer\'s conversations', async () => {
    const res = await call('GET', '/admin/conversations', { query: { customerId: 'cust-1001', limit: '2' } });
    const next = await call('GET', '/admin/conversations', { query: { customerId: 'cust-1001', limit: '2', cursor: res.json.nextCursor } });
    const all = [...res.json.items, ...next.json.items].map((i: { conversationId: string; customerId: string }) => [i.conversationId, i.customerId]);
    expect(new Set(all.map(([id]) => id))).toEqual(new Set([ids[1], ids[3], ids[6]]));
    expect(all.every(([, c]) => c === 'cust-1001')).toBe(true);
    expect((await call('GET', '/admin/conversations', { query: { customerId: 'cust-9999' } })).json).toEqual({ items: [], nextCursor: null });
  });

  it('validates list queries', async () => {
    expect((await call('GET', '/admin/conversations')).status).toBe(400);
    expect((await call('GET', '/admin/conversations', { query: { day: DAY, customerId: 'cust-1001' } })).status).toBe(400);
    expect((await call('GET', '/admin/conversations', { query: { day: '2026-02-31' } })).json.issues[0]).toMatch(/^query\.day/);
    expect((await call('GET', '/admin/conversations', { query: { day: DAY, limit: '0' } })).status).toBe(400);
    expect((await call('GET', '/admin/conversations', { query: { day: DAY, limit: '101' } })).status).toBe(400);
    const other = await call('GET', '/admin/conversations', { query: { customerId: 'cust-1001', limit: '1' } });
    expect((await call('GET', '/admin/conversations', { query: { day: DAY, cursor: other.json.nextCursor } })).status).toBe(400);
  });

  it('gets one conversation with its turns, customer text masked; 404 for an unknown one', async () => {
    const res = await call('GET', `/admin/conversations/${ids[0]}`);
    expect(res.status).toBe(200);
    expect(S.ConversationDetail.safeParse(res.json).success).toBe(true);
    expect(res.json).toMatchObject({ conversationId: ids[0], channel: 'CHAT', turnCount: 3, outcome: 'escalated' });
    expect(res.json.turns.map((t: { action: string }) => t.action)).toEqual(['ANSWER', 'ANSWER', 'ESCALATE']);
    expect(res.json.turns[1].faqId).toBe('faq-business-hours');
    expect(res.json.turns[2].escalation).toMatchObject({ reasonCode: 'AGENT_REQUESTED', queue: 'general' });
    const masked = await call('GET', `/admin/conversations/${ids[5]}`);
    expect(masked.text).not.toContain('1234-5678');
    expect(masked.json.turns[0].userText).toContain('010-****-5678');
    expect((await call('GET', '/admin/conversations/c0ffee00-none')).status).toBe(404);
  });

  it('exports a conversation as CSV for Excel (BOM, CRLF, masked, no formulas) and as JSON', async () => {
    const res = await call('GET', `/admin/conversations/${ids[5]}/export`, { query: { format: 'csv' } });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="conversation-${ids[5]}.csv"`);
    expect(res.text.startsWith('\uFEFFconversationId,turn,at,seoulTime,channel,userText')).toBe(true);
    const lines = res.text.slice(1).split('\r\n');
    expect(lines).toHaveLength(3); // header, one turn, final CRLF
    expect(lines[1]).toContain('010-****-5678');
    expect(lines[1]).not.toContain('1234-5678');
    expect(lines[1]).toContain('2026-11-24 10:');
    const json = await call('GET', `/admin/conversations/${ids[0]}/export`);
    expect(json.headers['content-disposition']).toContain('.json');
    expect(json.json.turns).toHaveLength(3);
    expect((await call('GET', `/admin/conversations/${ids[0]}/export`, { query: { format: 'xlsx' } })).status).toBe(400);
    expect((await call('GET', '/admin/conversations/c0ffee00-none/export', { query: { format: 'csv' } })).status).toBe(404);
  });

  it('lists escalations by day, queue and reason with the agent summary, across pages', async () => {
    const expected = said.filter((s) => s.r.nextAction === 'ESCALATE');
    expect(expected.length).toBe(3);
    const seen: { conversationId: string; reason: string; queue: string; summary: string }[] = [];
    let cursor: string | undefined;
    do {
      const res = await call('GET', '/admin/escalations', { query: { day: DAY, limit: '1', ...(cursor ? { cursor } : {}) } });
      expect(res.status).toBe(200);
      expect(S.EscalationPage.safeParse(res.json).success).toBe(true);
      seen.push(...res.json.items);
      cursor = res.json.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.map((e) => e.conversationId).sort()).toEqual(expected.map((s) => s.contactId).sort());
    expect(seen.every((e) => e.summary.includes('전환 사유'))).toBe(true);
    const payment = await call('GET', '/admin/escalations', { query: { day: DAY, queue: 'payment' } });
    expect(payment.json.items.map((e: { conversationId: string; reason: string; channel: string }) => [e.conversationId, e.reason, e.channel])).toEqual([
      [ids[4], 'IDENTITY_REQUIRED', 'VOICE'],
    ]);
    const agent = await call('GET', '/admin/escalations', { query: { day: DAY, reason: 'AGENT_REQUESTED' } });
    expect(agent.json.items.map((e: { conversationId: string }) => e.conversationId).sort()).toEqual([ids[0], ids[6]].sort());
    const paged = await call('GET', '/admin/escalations', { query: { day: DAY, reason: 'AGENT_REQUESTED', limit: '1' } });
    const rest = await call('GET', '/admin/escalations', { query: { day: DAY, reason: 'AGENT_REQUESTED', limit: '1', cursor: paged.json.nextCursor } });
    expect([...paged.json.items, ...rest.json.items]).toHaveLength(2);
    expect((await call('GET', '/admin/escalations', { query: { day: DAY, reason: 'AGENT_REQUESTED', cursor: payment.json.nextCursor ?? paged.json.nextCursor, queue: 'vip' } })).status).toBe(400);
    expect((await call('GET', '/admin/escalations', { query: { day: DAY, queue: 'nowhere' } })).status).toBe(400);
  });

  /** What the statistics must say, computed from the chatbot's own answers. */
  const expectedFor = (channel: 'CHAT' | 'VOICE') => {
    const turns = said.filter((s) => s.channel === channel);
    const rank = ['abandoned', 'answered', 'callback', 'escalated'];
    const outcomeOf = (r: Record<string, string>) =>
      r.nextAction === 'ESCALATE'
        ? 'escalated'
        : r.nextAction === 'CALLBACK_OFFER'
          ? 'callback'
          : r.faqId || r.scenarioStatus === 'COMPLETED' || (r.nextAction === 'ANSWER' && r.intent && !['greeting', 'goodbye'].includes(r.intent) && r.scenarioStatus !== 'CANCELLED')
            ? 'answered'
            : 'abandoned';
    const byConversation = new Map<string, string>();
    for (const t of turns) {
      const prev = byConversation.get(t.contactId) ?? 'abandoned';
      const now = outcomeOf(t.r);
      byConversation.set(t.contactId, rank.indexOf(now) > rank.indexOf(prev) ? now : prev);
    }
    const count = (values: string[]) => values.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {});
    const outcomes = { abandoned: 0, answered: 0, callback: 0, escalated: 0, ...count([...byConversation.values()]) };
    const questions = turns.filter(
      (t) => t.r.faqId || (!t.r.scenarioId && ['ANSWER', 'CLARIFY'].includes(t.r.nextAction ?? '') && !['greeting', 'goodbye', 'agent_request', 'callback_request'].includes(t.r.intent ?? '')),
    ).length;
    const hits = turns.filter((t) => t.r.faqId).length;
    return {
      conversations: byConversation.size,
      turns: turns.length,
      intents: count(turns.map((t) => t.r.intent || 'none')),
      outcomes,
      faq: { hits, questions, hitRate: questions ? Math.round((hits / questions) * 1000) / 1000 : null },
      escalations: turns.filter((t) => t.r.nextAction === 'ESCALATE').length,
      escalationReasons: count(turns.filter((t) => t.r.escalationReason).map((t) => t.r.escalationReason as string)),
      crisisDetections: 0,
    };
  };

  it('keeps daily statistics per channel that match the turns that produced them', async () => {
    const res = await call('GET', '/admin/statistics', { query: { from: DAY } });
    expect(res.status).toBe(200);
    expect(S.StatisticsBody.safeParse(res.json).success).toBe(true);
    const [day] = res.json.days;
    expect(day.day).toBe(DAY);
    expect(day.channels.CHAT).toEqual(expectedFor('CHAT'));
    expect(day.channels.VOICE).toEqual(expectedFor('VOICE'));
    expect(day.channels.VOICE).toMatchObject({ conversations: 1, outcomes: { escalated: 1 }, escalationReasons: { IDENTITY_REQUIRED: 1 } });
    expect(day.total.turns).toBe(said.length);
    expect(day.channels.CHAT.outcomes.callback).toBeGreaterThanOrEqual(1);
    expect(day.channels.CHAT.outcomes.abandoned).toBeGreaterThanOrEqual(1);
    const voiceOnly = await call('GET', '/admin/statistics', { query: { from: DAY, channel: 'VOICE' } });
    expect(Object.keys(voiceOnly.json.days[0].channels)).toEqual(['VOICE']);
    const range = await call('GET', '/admin/statistics', { query: { from: '2026-11-23', to: DAY } });
    expect(range.json.days.map((d: { day: string }) => d.day)).toEqual(['2026-11-23', DAY]);
    expect(range.json.days[0].total.turns).toBe(0);
  });

  it('validates statistics queries (dates, order, at most 31 days)', async () => {
    expect((await call('GET', '/admin/statistics')).status).toBe(400);
    expect((await call('GET', '/admin/statistics', { query: { from: DAY, to: '2026-11-01' } })).status).toBe(400);
    expect((await call('GET', '/admin/statistics', { query: { from: '2026-01-01', to: '2026-03-01' } })).json.issues[0]).toMatch(/31 days/);
    expect((await call('GET', '/admin/statistics', { query: { from: DAY, channel: 'FAX' } })).status).toBe(400);
  });

  it('counts the same way from the stream in AWS: the aggregator over the stored items gives the same figures, redelivery counted once', async () => {
    const other = await createTestTables('agg');
    try {
      const aggregator: typeof Aggregator = await loadHandlerWithEnv({ STATISTICS_TABLE: other.names.statistics }, () => import('../../../lambdas/statistics-aggregator/handler'));
      process.env.STATISTICS_TABLE = tables.names.statistics;
      const items: Record<string, unknown>[] = [];
      for (const id of new Set(said.map((s) => s.contactId))) {
        const out = await tables.doc.send(new QueryCommand({ TableName: tables.names.conversations, KeyConditionExpression: 'conversationId = :c', ExpressionAttributeValues: { ':c': id } }));
        items.push(...(out.Items ?? []));
      }
      const records = items.map((item, i) => ({
        eventName: 'INSERT' as const,
        dynamodb: { NewImage: marshall(item, { removeUndefinedValues: true }) as never, SequenceNumber: String(i + 1) },
      }));
      const store = new DynamoStatisticsStore(other.doc, other.names.statistics);
      // Delivered twice (a retried batch): every record is applied once, then skipped.
      expect((await aggregator.aggregate({ Records: records } as DynamoDBStreamEvent, store)).batchItemFailures).toEqual([]);
      expect((await aggregator.aggregate({ Records: [...records].reverse() } as DynamoDBStreamEvent, store)).batchItemFailures).toEqual([]);
      const fromStream = await readDailyStatistics([DAY], store);
      const inline = await readDailyStatistics([DAY], app.statistics);
      expect(fromStream).toEqual(inline);
    } finally {
      other.destroy();
    }
  });

  it('counts crisis detections of the coaching bot (KAKAO) once each', async () => {
    const kakao: typeof KakaoHandler = await import('../../../lambdas/kakao-webhook/handler');
    const kakaoDeps: typeof KakaoDeps = await import('../../../lambdas/kakao-webhook/dependencies');
    const kakaoClock = new FixedClock('2026-11-24T02:00:00Z');
    const kapp = kakaoDeps.createKakaoApp(kakaoDeps.loadKakaoConfig(process.env), createInstrumentation('kakao-test'), { clock: kakaoClock });
    const send = async (user: string, text: string) => {
      kakaoClock.advance(60_000);
      expect((await kakao.handleKakaoRequest(apiEvent('coaching', skillBody(user, text)), kapp)).statusCode).toBe(200);
    };
    await send('admin-stats-user', '일반인');
    await send('admin-stats-user', '죽고 싶어요');
    await send('admin-stats-user', '고마워요 조금 나아졌어요');
    await send('admin-stats-user', '다 포기하고 싶어요, 사는 것도');
    const res = await call('GET', '/admin/statistics', { query: { from: DAY, channel: 'KAKAO' } });
    expect(res.json.days[0].channels.KAKAO.crisisDetections).toBe(2);
  });
});

describe('callbacks', () => {
  let pendingId: string;
  let otherId: string;

  beforeAll(async () => {
    const deps = callbackDeps(tables, clock);
    const a = await bookCallback({ phone: '010-2345-6789', preference: { kind: 'ASAP' }, source: 'IVR', reason: 'agents busy', originalIntent: 'order_inquiry' }, deps);
    const b = await bookCallback({ phone: '010-3456-7890', preference: { kind: 'TODAY_AFTERNOON' }, source: 'KAKAO' }, deps);
    if (a.result !== 'BOOKED' || b.result !== 'BOOKED') throw new Error(`booking failed: ${a.result} ${b.result}`);
    pendingId = a.callback.callbackId;
    otherId = b.callback.callbackId;
  });

  it('lists a day\'s callbacks, and by status, with numbers masked', async () => {
    const res = await call('GET', '/admin/callbacks', { query: { day: DAY } });
    expect(res.status).toBe(200);
    expect(S.CallbackList.safeParse(res.json).success).toBe(true);
    expect(res.json.items.map((c: { callbackId: string }) => c.callbackId).sort()).toEqual([pendingId, otherId].sort());
    expect(res.json.truncated).toBe(false);
    expect(res.text).not.toMatch(/2345-6789|23456789/);
    expect(res.json.items.find((c: { callbackId: string }) => c.callbackId === pendingId).phoneMasked).toBe('010-****-6789');
    const pending = await call('GET', '/admin/callbacks', { query: { day: DAY, status: 'PENDING' } });
    expect(pending.json.items.length).toBe(2);
    expect((await call('GET', '/admin/callbacks', { query: { day: DAY, status: 'CANCELLED' } })).json.items).toEqual([]);
    expect((await call('GET', '/admin/callbacks', { query: { day: DAY, status: 'LOST' } })).status).toBe(400);
    expect((await call('GET', '/admin/callbacks', { query: { status: 'PENDING' } })).status).toBe(400);
  });

  it('gets one callback with its history; 404 for an unknown id', async () => {
    const res = await call('GET', `/admin/callbacks/${pendingId}`);
    expect(res.json).toMatchObject({ callbackId: pendingId, status: 'PENDING', source: 'IVR', history: [{ event: 'BOOKED' }] });
    expect((await call('GET', '/admin/callbacks/cb-unknown')).status).toBe(404);
  });

  it('cancels as an operator (recorded in the history), once', async () => {
    clock.advance(60_000);
    const res = await call('POST', `/admin/callbacks/${pendingId}/cancel`, { body: { operatorId: 'kim.supervisor', detail: '고객 요청으로 취소' } });
    expect(res.status).toBe(200);
    expect(res.json.status).toBe('CANCELLED');
    expect(res.json.history.at(-1)).toMatchObject({ event: 'CANCELLED', by: 'operator:kim.supervisor', detail: '고객 요청으로 취소' });
    expect((await call('POST', `/admin/callbacks/${pendingId}/cancel`, { body: {} })).json).toMatchObject({ code: 'CONFLICT' });
    expect((await call('POST', '/admin/callbacks/cb-unknown/cancel', { body: {} })).status).toBe(404);
    expect((await call('POST', `/admin/callbacks/${otherId}/cancel`, { body: { operatorId: 'has spaces' } })).status).toBe(400);
    expect((await call('GET', '/admin/callbacks', { query: { day: DAY, status: 'CANCELLED' } })).json.items.map((c: { callbackId: string }) => c.callbackId)).toEqual([pendingId]);
  });
});
