import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { FixedClock } from '@domain/clock';
import { SEED_FAQS } from '@domain/faq/faq';
import { toFaqItem } from '../../../lambdas/adapters/dynamodb/faq-repository';
import { createInstrumentation } from '../../../lambdas/platform/instrumentation';
import { putIfAbsent } from '../../../local/seed/seed';
import { apiEvent, expectValidSkillResponse, LOCAL_SECRET, quickReplyLabels, replyText, skillBody } from '../../support/kakao';
import { createTestTables, loadHandlerWithEnv, type TestTables } from '../harness/store';
import type * as Handler from '../../../lambdas/kakao-webhook/handler';
import type * as Dependencies from '../../../lambdas/kakao-webhook/dependencies';

let tables: TestTables;
let mod: typeof Handler;
let deps: typeof Dependencies;

beforeAll(async () => {
  tables = await createTestTables('kakaosvc');
  await putIfAbsent(tables.doc, tables.names.faq, 'faqId', SEED_FAQS.map((f) => toFaqItem(f, new Date('2026-11-23T01:00:00Z'))));
  mod = await loadHandlerWithEnv({ ...tables.env, KAKAO_SKILL_SECRET: LOCAL_SECRET, STAGE: 'test' }, () => import('../../../lambdas/kakao-webhook/handler'));
  deps = await import('../../../lambdas/kakao-webhook/dependencies');
});
afterAll(() => tables.destroy());

type Reply = { template: { outputs: { simpleText?: { text: string }; textCard?: { title?: string; description?: string; buttons?: { label: string; action: string }[] } }[] } };

/** The service bot on the test tables; Monday 2026-11-23 10:00 in Seoul, a minute per message. */
const serviceApp = (env: Record<string, string> = {}) => {
  const clock = new FixedClock('2026-11-23T01:00:00Z');
  const fullEnv = { ...process.env, ...env };
  const app = deps.createKakaoApp(deps.loadKakaoConfig(fullEnv), createInstrumentation('kakao-test'), { clock, env: fullEnv });
  const send = async (userId: string, text: string) => {
    clock.advance(60_000);
    const res = await mod.handleKakaoRequest(apiEvent('service', skillBody(userId, text)), app);
    expect(res.statusCode).toBe(200);
    return expectValidSkillResponse(JSON.parse(res.body)) as unknown as Reply;
  };
  return { send };
};

let n = 0;
const newUser = () => `svc-${++n}-${Date.now().toString(36)}`;

describe('service profile: the conversation brain in Kakao form', () => {
  it('answers an FAQ question with a card', async () => {
    const { send } = serviceApp();
    const r = await send(newUser(), '배송 조회는 어떻게 하나요?');
    const card = r.template.outputs.find((o) => o.textCard)?.textCard;
    expect(card?.description).toContain('배송조회');
    expect(card?.title).toBeTruthy();
  });

  it('offers scenario choices as quick replies', async () => {
    const { send } = serviceApp();
    const r = await send(newUser(), '제품 문의하고 싶어요');
    expect(quickReplyLabels(r).length).toBeGreaterThanOrEqual(2);
  });

  it('escalates with a callback offer, and Kakao\'s operator button when configured', async () => {
    const plain = await serviceApp().send(newUser(), '상담원 연결해 주세요');
    expect(quickReplyLabels(plain)).toContain('콜백 예약');
    expect(plain.template.outputs.some((o) => o.textCard)).toBe(false);
    const withOperator = await serviceApp({ KAKAO_OPERATOR_ENABLED: 'true' }).send(newUser(), '상담원 연결해 주세요');
    const buttons = withOperator.template.outputs.find((o) => o.textCard)?.textCard?.buttons;
    expect(buttons).toEqual([{ label: '상담원 연결', action: 'operator' }]);
  });

  it('books a callback: phone number, preferred time, confirmation, into the callback scheduler', async () => {
    const { send } = serviceApp();
    const userId = newUser();
    expect(replyText(await send(userId, '콜백 예약'))).toContain('전화번호를 입력해 주세요');
    expect(replyText(await send(userId, '12-34'))).toContain('전화번호를 확인할 수 없어요');
    const time = await send(userId, '010-2345-6789');
    expect(replyText(time)).toContain('010-****-6789');
    expect(replyText(time)).not.toContain('2345');
    expect(quickReplyLabels(time)).toEqual(['가능한 빨리', '오늘 오후', '내일 오전']);
    const confirm = await send(userId, '내일 오전');
    expect(replyText(confirm)).toContain('010-****-6789 번호로 내일 오전에 상담원이 전화드리도록 예약할까요?');
    const booked = await send(userId, '네');
    expect(replyText(booked)).toMatch(/콜백 예약이 완료되었습니다\. 11월 24일 화요일 오전 \d+시.*전화드리겠습니다/);
    const stored = await tables.doc.send(
      new QueryCommand({
        TableName: tables.names.callbacks,
        IndexName: 'byStatusDue',
        KeyConditionExpression: '#s = :p',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':p': 'PENDING' },
      }),
    );
    expect(stored.Items?.filter((i) => i.phoneE164 === '+821023456789')).toEqual([expect.objectContaining({ source: 'KAKAO', bookedContactId: `kakao:${userId}` })]);
    // The dialog is over: the next message goes to the brain again.
    expect(replyText(await send(userId, '배송 조회는 어떻게 하나요?'))).toContain('배송조회');
  });

  it('lets the customer cancel the booking dialog', async () => {
    const { send } = serviceApp();
    const userId = newUser();
    await send(userId, '콜백 예약');
    expect(replyText(await send(userId, '취소'))).toContain('콜백 예약을 취소했어요');
  });

  it('says honestly that automatic answers are unavailable when no brain is configured', async () => {
    const env = { ...tables.env, CONVERSATIONS_TABLE: '', FAQ_TABLE: '' };
    const r = await serviceApp(env).send(newUser(), '배송 조회는 어떻게 하나요?');
    expect(replyText(r)).toContain('자동 상담을 이용할 수 없어요');
  });
});
