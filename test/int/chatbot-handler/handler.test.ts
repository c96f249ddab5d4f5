import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { FixedClock } from '@domain/clock';
import { SEED_FAQS } from '@domain/faq/faq';
import { createDocumentClient } from '../../../lambdas/adapters/dynamodb/client';
import { toFaqItem } from '../../../lambdas/adapters/dynamodb/faq-repository';
import type { ChatbotDeps } from '../../../lambdas/chatbot-handler/deps';
import { loadConfig } from '../../../lambdas/platform/config';
import { CONNECT_RESPONSE_LIMIT_BYTES } from '../../../lambdas/platform/connect';
import { localContext } from '../../../local/lambdas';
import { putIfAbsent } from '../../../local/seed/seed';
import { createTestTables, loadHandlerWithEnv, type TestTables } from '../harness/store';

import type * as Handler from '../../../lambdas/chatbot-handler/handler';
import type * as Deps from '../../../lambdas/chatbot-handler/deps';

type HandlerModule = typeof Handler;
type DepsModule = typeof Deps;

const EVENTS_DIR = join(__dirname, '../../../events/chatbot-handler');
const event = (file: string): Record<string, unknown> => JSON.parse(readFileSync(join(EVENTS_DIR, file), 'utf8')) as Record<string, unknown>;
/** Tuesday 24 November 2026, 10:00 in Seoul. */
const NOW = '2026-11-24T01:00:00Z';

let tables: TestTables;
let mod: HandlerModule;
let depsModule: DepsModule;
let contactCounter = 0;

const makeDeps = (overrides: { clock?: FixedClock; doc?: DynamoDBDocumentClient; env?: Record<string, string> } = {}): ChatbotDeps => {
  const config = loadConfig(depsModule.chatbotConfigSchema, { ...process.env, ...overrides.env });
  return depsModule.createChatbotDeps(config, () => undefined, { clock: overrides.clock ?? new FixedClock(NOW), doc: overrides.doc ?? tables.doc });
};

/** A sample event as is, under another contact id (the all-events test already used the original ones). */
const asContact = (file: string, contactId: string): Record<string, unknown> => {
  const e = event(file) as { Details: { ContactData: { ContactId: string } } };
  e.Details.ContactData.ContactId = contactId;
  return e;
};

/** A sample event with a fresh contact id (so tests never share a conversation) and another utterance. */
const withText = (file: string, text: string, contactId: string): Record<string, unknown> => {
  const e = event(file) as { Details: { ContactData: { ContactId: string }; Parameters: Record<string, string> } };
  e.Details.ContactData.ContactId = contactId;
  e.Details.Parameters = { ...e.Details.Parameters, userInput: text, transcript: text };
  return e;
};

beforeAll(async () => {
  tables = await createTestTables('chatbot');
  await putIfAbsent(tables.doc, tables.names.faq, 'faqId', SEED_FAQS.map((f) => toFaqItem(f, new Date(NOW))));
  mod = await loadHandlerWithEnv({ ...tables.env, NLU_ENGINE: 'offline' }, () => import('../../../lambdas/chatbot-handler/handler'));
  depsModule = await import('../../../lambdas/chatbot-handler/deps');
});
afterAll(() => tables.destroy());

const isFlatStringMap = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');

describe('chatbot-handler against the local store', () => {
  it('answers every sample event in its contract: Connect flat strings under 32 KB, Lex a valid V2 response', async () => {
    const deps = makeDeps();
    const files = readdirSync(EVENTS_DIR).sort();
    expect(files.length).toBeGreaterThanOrEqual(20);
    for (const file of files) {
      const input = event(file);
      const out = await mod.answer(input, deps);
      const size = Buffer.byteLength(JSON.stringify(out));
      expect(size).toBeLessThan(CONNECT_RESPONSE_LIMIT_BYTES);
      if ('messageVersion' in input) {
        const lex = out as { sessionState: { dialogAction: { type: string }; sessionAttributes: Record<string, string>; intent?: { name: string; state: string } }; messages: { contentType: string; content: string }[] };
        expect(['Close', 'ElicitIntent']).toContain(lex.sessionState.dialogAction.type);
        if (lex.sessionState.dialogAction.type === 'Close') expect(lex.sessionState.intent?.name).toBeTruthy();
        expect(isFlatStringMap(lex.sessionState.sessionAttributes)).toBe(true);
        expect(Object.keys(lex.sessionState.sessionAttributes).some((k) => k.startsWith('x-amz-lex:'))).toBe(false);
        expect(lex.messages[0]?.contentType).toBe('PlainText');
        expect(lex.messages[0]?.content.length).toBeGreaterThan(0);
        expect(lex.messages[0]?.content.length).toBeLessThanOrEqual(1000);
      } else {
        expect(isFlatStringMap(out)).toBe(true);
        const map = out as Record<string, string>;
        expect(['ANSWER', 'CLARIFY', 'SCENARIO', 'ESCALATE', 'CALLBACK_OFFER', 'END']).toContain(map.nextAction);
        expect(map.responseText?.length).toBeGreaterThan(0);
        expect(map.responseText?.length).toBeLessThanOrEqual(1000);
        expect(map.responseText).not.toMatch(/\p{Extended_Pictographic}|\*\*[^*\s][^*]*\*\*|^#/u);
      }
    }
  });

  it('runs through the wrapped Lambda handler (middy + Powertools)', async () => {
    const out = (await mod.handler(withText('chat-greeting.json', '안녕하세요', 'wrapped-1'), localContext('chatbot-handler') as never)) as Record<string, string>;
    expect(out).toMatchObject({ nextAction: 'ANSWER', intent: 'greeting' });
  });

  it('books a reservation over three Connect turns (sample events) and reports it to the flow', async () => {
    const deps = makeDeps();
    const first = (await mod.answer(asContact('scenario-reservation-1-start.json', 'reservation-flow'), deps)) as Record<string, string>;
    expect(first).toMatchObject({ nextAction: 'SCENARIO', scenarioId: 'reservation', scenarioStep: 'dateTime' });
    const second = (await mod.answer(asContact('scenario-reservation-2-datetime.json', 'reservation-flow'), deps)) as Record<string, string>;
    expect(second).toMatchObject({ nextAction: 'SCENARIO', scenarioStep: 'contact' });
    const third = (await mod.answer(asContact('scenario-reservation-3-contact.json', 'reservation-flow'), deps)) as Record<string, string>;
    expect(third).toMatchObject({
      nextAction: 'ANSWER',
      scenarioStatus: 'COMPLETED',
      reservationAt: '2026-12-01T06:00:00.000Z',
      reservationService: '설치 예약',
      reservationPhone: '+821023456789',
      turn: '3',
    });
  });

  it('hands an unverified cancellation to the orders queue with a summary (voice sample events)', async () => {
    const deps = makeDeps();
    for (const file of ['scenario-cancel-1-start.json', 'scenario-cancel-2-order.json', 'scenario-cancel-3-reason.json']) await mod.answer(asContact(file, 'cancel-flow'), deps);
    const out = (await mod.answer(asContact('scenario-cancel-4-confirm.json', 'cancel-flow'), deps)) as Record<string, string>;
    expect(out).toMatchObject({ nextAction: 'ESCALATE', targetQueue: 'orders', escalationReason: 'IDENTITY_REQUIRED', priority: '3' });
    expect(out.summary).toContain('20261120-0012345');
    expect(out.summary?.length).toBeLessThanOrEqual(200);
    expect(out.responseText).not.toContain('·');
  });

  it('routes a VIP agent request to the vip queue with top priority', async () => {
    const out = (await mod.answer(event('agent-request-vip.json'), makeDeps())) as Record<string, string>;
    expect(out).toMatchObject({ nextAction: 'ESCALATE', targetQueue: 'vip', priority: '1', escalationReason: 'AGENT_REQUESTED', intent: 'agent_request' });
    expect(out.summary?.startsWith('[VIP]')).toBe(true);
  });

  it('never lets an injection attempt change the answer format', async () => {
    const out = (await mod.answer(event('injection.json'), makeDeps())) as Record<string, string>;
    expect(isFlatStringMap(out)).toBe(true);
    expect(out.intent).not.toBe('hacked');
    expect(out.nextAction).not.toBe('END');
  });

  it('answers Lex code hooks: FallbackIntent from the FAQ (conversation stays open), agent request closes with the routing', async () => {
    const deps = makeDeps();
    const faq = (await mod.answer(event('lex-fallback-faq.json'), deps)) as { sessionState: { dialogAction: { type: string }; sessionAttributes: Record<string, string> }; messages: { content: string }[] };
    expect(faq.sessionState.dialogAction.type).toBe('ElicitIntent');
    expect(faq.sessionState.sessionAttributes).toMatchObject({ nextAction: 'ANSWER', faqId: 'faq-return-policy', contactId: expect.any(String) });
    expect(faq.messages[0]?.content).toContain('7일 이내');

    const agent = (await mod.answer(event('lex-fulfillment-agent.json'), deps)) as { sessionState: { dialogAction: { type: string }; intent: { name: string; state: string }; sessionAttributes: Record<string, string> } };
    expect(agent.sessionState.dialogAction.type).toBe('Close');
    expect(agent.sessionState.intent).toMatchObject({ name: 'agent_request', state: 'Fulfilled' });
    expect(agent.sessionState.sessionAttributes).toMatchObject({ nextAction: 'ESCALATE', targetQueue: 'general', nluSource: 'lex', confidence: '0.93' });

    const dialog = (await mod.answer(event('lex-dialog-reservation.json'), deps)) as { sessionState: { dialogAction: { type: string }; sessionAttributes: Record<string, string> } };
    expect(dialog.sessionState.dialogAction.type).toBe('ElicitIntent');
    expect(dialog.sessionState.sessionAttributes).toMatchObject({ nextAction: 'SCENARIO', scenarioId: 'reservation', scenarioStep: 'dateTime' });
  });

  it('answers a malformed Lex event with a polite Close instead of throwing', async () => {
    const out = (await mod.answer({ messageVersion: '1.0', invocationSource: 'Nonsense' }, makeDeps())) as { sessionState: { dialogAction: { type: string }; sessionAttributes: Record<string, string> } };
    expect(out.sessionState.dialogAction.type).toBe('Close');
    expect(out.sessionState.sessionAttributes.nextAction).toBe('ESCALATE');
  });

  it('logs turns with masked text, TTL and sparse by-day / by-customer index keys', async () => {
    const deps = makeDeps();
    const contactId = `log-${++contactCounter}`;
    await mod.answer(withText('voice-transcript.json', '010-9876-5432로 나중에 전화 주세요', contactId), deps);
    await mod.answer(withText('voice-transcript.json', '운영시간 알려주세요', contactId), deps);
    const turns = await tables.doc.send(new QueryCommand({ TableName: tables.names.conversations, KeyConditionExpression: 'conversationId = :c', ExpressionAttributeValues: { ':c': contactId } }));
    expect(turns.Items).toHaveLength(2);
    const [first, second] = turns.Items ?? [];
    expect(first).toMatchObject({ turn: 1, intent: 'callback_request', action: 'CALLBACK_OFFER', userText: '010-****-5432로 나중에 전화 주세요', dayKey: '2026-11-24', customerIndexKey: 'C-1002' });
    expect(first?.expiresAt).toBe(Math.floor(new Date(NOW).getTime() / 1000) + 90 * 86400);
    expect(second?.dayKey).toBeUndefined();
    expect(second?.customerIndexKey).toBeUndefined();
    expect(JSON.stringify(turns.Items)).not.toContain('9876');

    const byDay = await tables.doc.send(new QueryCommand({ TableName: tables.names.conversations, IndexName: 'byDay', KeyConditionExpression: 'dayKey = :d', ExpressionAttributeValues: { ':d': '2026-11-24' } }));
    expect(byDay.Items?.map((i) => i.conversationId)).toContain(contactId);
    const byCustomer = await tables.doc.send(new QueryCommand({ TableName: tables.names.conversations, IndexName: 'byCustomer', KeyConditionExpression: 'customerIndexKey = :c', ExpressionAttributeValues: { ':c': 'C-1002' } }));
    expect(byCustomer.Items?.filter((i) => i.conversationId === contactId)).toHaveLength(1);
  });

  it('makes at most two DynamoDB requests per turn once the FAQ is cached', async () => {
    const doc = createDocumentClient({ endpoint: tables.endpoint });
    let requests = 0;
    doc.middlewareStack.add((next) => async (args) => {
      requests++;
      return next(args);
    }, { step: 'initialize', name: 'countRequests' });
    const deps = makeDeps({ doc });
    const contactId = `count-${++contactCounter}`;
    await mod.answer(withText('chat-greeting.json', '안녕하세요', contactId), deps); // also loads the FAQ once
    for (const text of ['운영시간 알려주세요', '설치 예약하고 싶어요', '내일 오후 3시', '010-2345-6789']) {
      requests = 0;
      await mod.answer(withText('chat-greeting.json', text, contactId), deps);
      expect(requests).toBeLessThanOrEqual(2);
    }
    doc.destroy();
  });

  it('lands two simultaneous messages of one conversation as two turns', async () => {
    const deps = makeDeps();
    const contactId = `race-${++contactCounter}`;
    const results = (await Promise.all([
      mod.answer(withText('chat-greeting.json', '운영시간 알려주세요', contactId), deps),
      mod.answer(withText('chat-greeting.json', '대표번호 알려주세요', contactId), deps),
    ])) as Record<string, string>[];
    expect(results.map((r) => r.turn).sort()).toEqual(['1', '2']);
  });

  it('picks up an FAQ edited in the table and forgets a soft-deleted one (no redeploy)', async () => {
    const deps = makeDeps({ env: { FAQ_CACHE_SECONDS: '0' } });
    await tables.doc.send(
      new UpdateCommand({
        TableName: tables.names.faq,
        Key: { faqId: 'faq-contact-number' },
        UpdateExpression: 'SET answer = :a, version = version + :one',
        ConditionExpression: 'version = :v',
        ExpressionAttributeValues: { ':a': '대표번호는 1588-1234입니다.', ':one': 1, ':v': 1 },
      }),
    );
    const edited = (await mod.answer(withText('chat-faq-hours.json', '대표번호 알려주세요', `faq-${++contactCounter}`), deps)) as Record<string, string>;
    expect(edited.responseText).toContain('1588-1234');
    await tables.doc.send(
      new UpdateCommand({ TableName: tables.names.faq, Key: { faqId: 'faq-guest-order' }, UpdateExpression: 'SET deleted = :t REMOVE activeKey', ExpressionAttributeValues: { ':t': true } }),
    );
    const deleted = (await mod.answer(withText('chat-faq-hours.json', '비회원 주문 가능해요?', `faq-${++contactCounter}`), deps)) as Record<string, string>;
    expect(deleted.faqId).not.toBe('faq-guest-order');
  });

  it('answers a polite ESCALATE when the store is unreachable', async () => {
    const dead = createDocumentClient({ endpoint: 'http://127.0.0.1:9', requestTimeoutMs: 300, maxAttempts: 1 });
    const out = (await mod.answer(withText('voice-transcript.json', '배송 언제 와요', 'dead-1'), makeDeps({ doc: dead }))) as Record<string, string>;
    expect(out).toMatchObject({ nextAction: 'ESCALATE', escalationReason: 'SYSTEM_ERROR', targetQueue: 'general' });
    expect(out.responseText).toContain('상담원에게 연결');
    dead.destroy();
  });

  it('answers a polite ESCALATE when the deadline passes (a store that never answers)', async () => {
    const sockets = new Set<Socket>();
    const blackhole: Server = createServer((socket) => {
      sockets.add(socket);
    });
    await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve));
    const port = (blackhole.address() as AddressInfo).port;
    const slow = createDocumentClient({ endpoint: `http://127.0.0.1:${port}`, requestTimeoutMs: 5000, maxAttempts: 1 });
    const deps = { ...makeDeps({ doc: slow }), deadlineMs: 200 };
    const started = Date.now();
    const out = (await mod.answer(withText('chat-greeting.json', '안녕하세요', 'slow-1'), deps)) as Record<string, string>;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(out).toMatchObject({ nextAction: 'ESCALATE', escalationReason: 'SYSTEM_ERROR' });
    slow.destroy();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => blackhole.close(() => resolve()));
  });
});
