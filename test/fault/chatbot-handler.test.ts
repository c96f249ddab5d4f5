import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { systemClock } from '@domain/clock';
import { DynamoConversationStore } from '../../lambdas/adapters/dynamodb/conversation-store';
import { localContext } from '../../local/lambdas';
import type { TestTables } from '../int/harness/store';
import { applyEnv, capture, CONNECT_BUDGET_MS, DEAD_ENDPOINT, expectLoggedWithoutPii, expectMetered, loadIsolated, seededTables } from './harness/observe';

import type * as HandlerModule from '../../lambdas/chatbot-handler/handler';
type Module = typeof HandlerModule;

const event = (text: string, contactId: string, address = '+821012345678'): Record<string, unknown> => {
  const e = JSON.parse(readFileSync(join(__dirname, '../../events/chatbot-handler/faq-return-policy.json'), 'utf8')) as {
    Details: { ContactData: { ContactId: string; CustomerEndpoint: { Address: string } }; Parameters: Record<string, string> };
  };
  e.Details.ContactData.ContactId = contactId;
  e.Details.ContactData.CustomerEndpoint.Address = address;
  e.Details.Parameters = { transcript: text };
  return e;
};

const RETURN_POLICY = '반품 기간이 어떻게 돼요';
const POLITE_HANDOFF = '죄송합니다. 일시적인 문제로 답변을 드리기 어려워 상담원에게 연결해 드릴게요.';

let tables: TestTables;
let live: Module;
let n = 0;
const contact = () => `fault-${Date.now().toString(36)}-${++n}`;

const invoke = (mod: Module, text: string, contactId: string) =>
  capture(async () => (await mod.handler(event(text, contactId), localContext('chatbot-handler') as never)) as Record<string, string>);

/** A polite hand-off: the flow routes the caller to a person, nothing half-done. */
const expectPoliteHandoff = (out: Record<string, string>) => {
  expect(Object.values(out).every((v) => typeof v === 'string')).toBe(true);
  expect(out.nextAction).toBe('ESCALATE');
  expect(out.responseText).toBe(POLITE_HANDOFF);
  expect(out).toMatchObject({ targetQueue: 'general', escalationReason: 'SYSTEM_ERROR' });
};

/** The FAQ answer for the return-policy question (what the offline engine gives when healthy). */
let faqAnswer: Record<string, string>;

beforeAll(async () => {
  tables = await seededTables('fault-chat');
  applyEnv({ ...tables.env, NLU_ENGINE: 'offline' });
  live = await import('../../lambdas/chatbot-handler/handler');
  faqAnswer = (await invoke(live, RETURN_POLICY, contact())).result;
  expect(faqAnswer).toMatchObject({ nextAction: 'ANSWER' });
  expect(faqAnswer.responseText).toMatch(/반품/);
});
afterAll(() => tables.destroy());

describe('chatbot-handler when DynamoDB fails', () => {
  it.each([
    ['ProvisionedThroughputExceededException', () => new ProvisionedThroughputExceededException({ message: 'Rate exceeded', $metadata: {} })],
    ['ThrottlingException', () => Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), { name: 'ThrottlingException' })],
  ])('throttled (%s) mid-conversation: a polite hand-off, the turn already written stays, logged and metered', async (_name, error) => {
    const id = contact();
    const first = await invoke(live, RETURN_POLICY, id);
    expect(first.result.nextAction).toBe('ANSWER');

    const ddb = mockClient(DynamoDBDocumentClient);
    ddb.onAnyCommand().rejects(error());
    let second;
    try {
      second = await invoke(live, '배송은 언제 와요? 제 번호는 010-2345-6789예요', id);
    } finally {
      ddb.restore();
    }
    expectPoliteHandoff(second.result);
    expect(second.elapsedMs).toBeLessThan(CONNECT_BUDGET_MS);
    expectLoggedWithoutPii(second.out, /turn failed/);
    expectMetered(second.out, 'ChatbotTurnFailed');

    const turns = await new DynamoConversationStore(tables.doc, tables.names.conversations, 90, () => systemClock.now()).listTurns(id);
    expect(turns.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(turns[0])).toContain('반품');
    // Once the store is back the conversation carries on from where it was.
    const third = await invoke(live, RETURN_POLICY, id);
    expect(third.result.nextAction).toBe('ANSWER');
    expect(Number(third.result.turn)).toBeGreaterThan(Number(first.result.turn));
  });

  it('unreachable (connection refused on 127.0.0.1:9): a polite hand-off well inside the Connect budget', async () => {
    const dead = await loadIsolated({ ...tables.env, NLU_ENGINE: 'offline', DYNAMODB_ENDPOINT: DEAD_ENDPOINT }, () => import('../../lambdas/chatbot-handler/handler'));
    const { result, out, elapsedMs } = await invoke(dead, RETURN_POLICY, contact());
    expectPoliteHandoff(result);
    expect(elapsedMs).toBeLessThan(CONNECT_BUDGET_MS);
    expectLoggedWithoutPii(out, /turn failed/);
    expectMetered(out, 'ChatbotTurnFailed');
  });
});

describe('chatbot-handler when the remote intent engine fails', () => {
  const remoteEnv = { CLASSIFY_BUDGET_MS: '800', BEDROCK_TIMEOUT_MS: '500', LEX_TIMEOUT_MS: '500' };

  it.each([
    ['ThrottlingException', (e: { ThrottlingException: new (a: { message: string; $metadata: object }) => Error }) => Promise.reject(new e.ThrottlingException({ message: 'Too many requests', $metadata: {} }))],
    ['ServiceUnavailableException', (e: { ServiceUnavailableException: new (a: { message: string; $metadata: object }) => Error }) => Promise.reject(new e.ServiceUnavailableException({ message: 'unavailable', $metadata: {} }))],
    ['a timeout (no answer at all)', () => new Promise<never>(() => undefined)],
  ])('Bedrock %s: the offline engine answers the same FAQ, within budget; logged and metered', async (_name, fault) => {
    const { mod, sdk } = await loadIsolated({ ...tables.env, ...remoteEnv, NLU_ENGINE: 'bedrock' }, async () => ({
      mod: await import('../../lambdas/chatbot-handler/handler'),
      sdk: await import('@aws-sdk/client-bedrock-runtime'),
    }));
    const bedrock = mockClient(sdk.BedrockRuntimeClient);
    bedrock.on(sdk.ConverseCommand).callsFake(() => fault(sdk as never));
    try {
      const { result, out, elapsedMs } = await invoke(mod, RETURN_POLICY, contact());
      expect(bedrock.commandCalls(sdk.ConverseCommand).length).toBeGreaterThan(0);
      expect(result).toMatchObject({ nextAction: 'ANSWER', responseText: faqAnswer.responseText });
      expect(elapsedMs).toBeLessThan(CONNECT_BUDGET_MS);
      expectLoggedWithoutPii(out, /remote intent engine failed/);
      expectMetered(out, 'NluFallbackUsed');
    } finally {
      bedrock.restore();
    }
  });

  it.each(['InternalServerException', 'ThrottlingException', 'ResourceNotFoundException'])(
    'Lex %s: the offline engine answers the same FAQ, within budget; logged and metered',
    async (name) => {
      const mod = await loadIsolated({ ...tables.env, ...remoteEnv, NLU_ENGINE: 'lex', LEX_BOT_ID: 'BOT0000001', LEX_BOT_ALIAS_ID: 'ALIAS00001' }, () =>
        import('../../lambdas/chatbot-handler/handler'),
      );
      // The handler loads the Lex client on first use, after isolation ends: from the shared module registry.
      const sdk = await import('@aws-sdk/client-lex-runtime-v2');
      const lex = mockClient(sdk.LexRuntimeV2Client);
      lex.on(sdk.RecognizeTextCommand).rejects(Object.assign(new Error(`${name} from Lex`), { name, $metadata: { httpStatusCode: 500 } }));
      try {
        const { result, out, elapsedMs } = await invoke(mod, RETURN_POLICY, contact());
        expect(lex.commandCalls(sdk.RecognizeTextCommand).length).toBeGreaterThan(0);
        expect(result).toMatchObject({ nextAction: 'ANSWER', responseText: faqAnswer.responseText });
        expect(elapsedMs).toBeLessThan(CONNECT_BUDGET_MS);
        expectLoggedWithoutPii(out, /remote intent engine failed/);
        expectMetered(out, 'NluFallbackUsed');
      } finally {
        lex.restore();
      }
    },
  );
});
