import { readdirSync } from 'node:fs';
import { GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { FixedClock } from '@domain/clock';
import { PROGRAMMES } from '@domain/coaching/content/stages';
import type { CoachingSession } from '@domain/coaching/session';
import { localContext } from '../../../local/lambdas';
import { createInstrumentation } from '../../../lambdas/platform/instrumentation';
import {
  apiEvent,
  EVENTS_DIR,
  expectValidSkillResponse,
  fixture,
  LOCAL_SECRET,
  quickReplyLabels,
  replyText,
  skillBody,
} from '../../support/kakao';
import { createTestTables, loadHandlerWithEnv, type TestTables } from '../harness/store';

import type * as Handler from '../../../lambdas/kakao-webhook/handler';
import type * as Dependencies from '../../../lambdas/kakao-webhook/dependencies';

type HandlerModule = typeof Handler;
type DepsModule = typeof Dependencies;

let tables: TestTables;
let mod: HandlerModule;
let deps: DepsModule;

beforeAll(async () => {
  tables = await createTestTables('kakao');
  mod = await loadHandlerWithEnv({ ...tables.env, KAKAO_SKILL_SECRET: LOCAL_SECRET, STAGE: 'test' }, () => import('../../../lambdas/kakao-webhook/handler'));
  deps = await import('../../../lambdas/kakao-webhook/dependencies');
});
afterAll(() => tables.destroy());

/** A coaching app on the test tables with its own frozen clock that moves a minute per message. */
const coachingApp = (env: Record<string, string> = {}, clock = new FixedClock('2026-11-24T01:00:00Z')) => {
  const app = deps.createKakaoApp(deps.loadKakaoConfig({ ...process.env, ...env }), createInstrumentation('kakao-test'), { clock });
  let n = 0;
  const send = async (userId: string, text: string, profile = 'coaching') => {
    clock.advance(60_000);
    const res = await mod.handleKakaoRequest(apiEvent(profile, skillBody(userId, text)), app);
    expect(res.statusCode).toBe(200);
    n++;
    return expectValidSkillResponse(JSON.parse(res.body));
  };
  return { app, clock, send, count: () => n };
};

const session = async (userId: string): Promise<CoachingSession | undefined> => {
  const out = await tables.doc.send(new GetCommand({ TableName: tables.names.coachingSessions, Key: { userId }, ConsistentRead: true }));
  return out.Item?.session as CoachingSession | undefined;
};
const archived = async (userId: string) =>
  (await tables.doc.send(new QueryCommand({ TableName: tables.names.coachingArchive, KeyConditionExpression: 'userId = :u', ExpressionAttributeValues: { ':u': userId } }))).Items ?? [];

let users = 0;
const newUser = () => `user-${++users}-${Date.now().toString(36)}`;

describe('kakao-webhook sample events through the wrapped Lambda handler', () => {
  it('answers each fixture with the right status, and a valid SkillResponse for every 200', async () => {
    const expected: Record<string, number> = { 'wrong-secret.json': 401, 'unknown-profile.json': 404, 'not-json.json': 400 };
    for (const file of readdirSync(EVENTS_DIR)) {
      const res = (await mod.handler(fixture(file), localContext('kakao-webhook') as never)) as { statusCode: number; body: string };
      expect({ file, status: res.statusCode }).toEqual({ file, status: expected[file] ?? 200 });
      if (res.statusCode === 200) expectValidSkillResponse(JSON.parse(res.body));
    }
  });

  it('answers a first-time quick reply "교사" with the teacher confirmation', async () => {
    const res = (await mod.handler(fixture('quick-reply.json'), localContext('kakao-webhook') as never)) as { body: string };
    expect(replyText(JSON.parse(res.body))).toContain('교사로 등록되었습니다');
  });
});

describe('shared secret', () => {
  it('refuses a missing or wrong secret with 401 and stores nothing', async () => {
    const { app } = coachingApp();
    const userId = newUser();
    for (const headers of [{}, { 'X-Skill-Secret': 'wrong-secret' }, { 'X-Skill-Secret': `${LOCAL_SECRET} ` }] as Record<string, string>[]) {
      const res = await mod.handleKakaoRequest(apiEvent('coaching', skillBody(userId, '교사'), headers), app);
      expect(res.statusCode).toBe(401);
      expect(res.body).not.toContain('version');
    }
    const stored = await tables.doc.send(new ScanCommand({ TableName: tables.names.kakaoRequests, FilterExpression: 'userId = :u', ExpressionAttributeValues: { ':u': userId } }));
    expect(stored.Items).toEqual([]);
    expect(await session(userId)).toBeUndefined();
  });

  it('accepts the header in any case, and a configured header name', async () => {
    const { app } = coachingApp();
    expect((await mod.handleKakaoRequest(apiEvent('coaching', skillBody(newUser(), '교사'), { 'x-skill-secret': LOCAL_SECRET }), app)).statusCode).toBe(200);
    const custom = coachingApp({ KAKAO_SECRET_HEADER: 'X-Kakao-Token' }).app;
    expect((await mod.handleKakaoRequest(apiEvent('coaching', skillBody(newUser(), '교사'), { 'X-Kakao-Token': LOCAL_SECRET }), custom)).statusCode).toBe(200);
    expect((await mod.handleKakaoRequest(apiEvent('coaching', skillBody(newUser(), '교사'), { 'X-Skill-Secret': LOCAL_SECRET }), custom)).statusCode).toBe(401);
  });
});

describe('any authenticated payload gets 200 and a valid SkillResponse', () => {
  it.each([
    ['empty utterance', skillBody('odd-1', '')],
    ['10,000 characters', skillBody('odd-2', '아'.repeat(10_000))],
    ['emoji only', skillBody('odd-3', '😀😀🙏')],
    ['injection strings', skillBody('odd-4', "'; DROP TABLE users; -- <script>alert(1)</script> {{7*7}} ${process.env}")],
    ['wrong types', { userRequest: { utterance: { a: 1 }, user: { id: 42 } }, bot: [] }],
    ['missing userRequest', { bot: { id: 'b' } }],
    ['JSON array', [1, 2, 3]],
    ['JSON null', null],
  ])('%s', async (_name, body) => {
    const { app } = coachingApp();
    for (const profile of ['coaching', 'service']) {
      const res = await mod.handleKakaoRequest(apiEvent(profile, body), app);
      expect(res.statusCode).toBe(200);
      expectValidSkillResponse(JSON.parse(res.body));
    }
  });

  it('refuses a body over the cap', async () => {
    const { app } = coachingApp({ KAKAO_MAX_BODY_BYTES: '2048' });
    const res = await mod.handleKakaoRequest(apiEvent('coaching', skillBody(newUser(), '가'.repeat(2000))), app);
    expect(res.statusCode).toBe(413);
  });
});

describe('coaching: user type', () => {
  it('asks for the type with quick replies until one is chosen', async () => {
    const { send } = coachingApp();
    const userId = newUser();
    const first = await send(userId, '안녕하세요');
    expect(replyText(first)).toContain('1️⃣ 교사');
    expect(quickReplyLabels(first)).toEqual(['교사', '학생', '일반인']);
    expect(quickReplyLabels(await send(userId, '음 잘 모르겠어요'))).toEqual(['교사', '학생', '일반인']);
    expect(replyText(await send(userId, '2'))).toContain('학생으로 등록되었습니다');
    expect((await session(userId))?.userType).toBe('student');
  });

  it.each([
    ['1', '교사로 등록되었습니다'],
    ['학생', '학생으로 등록되었습니다'],
    ['3', '일반인으로 등록되었습니다'],
    ['저는 직장인이에요', '일반인으로 등록되었습니다'],
  ])('"%s" → %s', async (choice, confirmation) => {
    const { send } = coachingApp();
    expect(replyText(await send(newUser(), choice))).toContain(confirmation);
  });
});

describe('coaching: stages', () => {
  const answers = [
    '요즘 수업 시간에 학생들이 집중을 못 해서 수업을 이어가기가 정말 어렵고 매일 지쳐요',
    '특히 오후 수업에서 학생들이 떠들기 시작하면 저도 목소리가 커지고 분위기가 나빠져요',
    '학생들이 스스로 참여하고 싶어 하는 수업을 만들고 싶고 그게 이번 학기 목표예요',
    '예전에 모둠 활동을 했을 때 학생들이 더 적극적이었던 기억이 있어서 다시 해보고 싶어요',
    '다음 주 화요일 3교시에 모둠 토론을 한 번 해 보고 반응을 기록해 보려고 합니다',
    '제가 생각보다 학생들을 믿지 못하고 있었다는 걸 알게 되었고 조금 더 믿어 보려고요',
  ];

  it('advances through all six stages on substantial answers and closes with a completion message', async () => {
    const { send } = coachingApp();
    const userId = newUser();
    await send(userId, '교사');
    const stagesSeen: number[] = [];
    let last;
    for (let i = 0; i < 20; i++) {
      last = await send(userId, answers[Math.floor(i / 2) % answers.length] + ` (${i})`);
      const s = await session(userId);
      stagesSeen.push(s?.stageIndex ?? -1);
      if (s?.completed) break;
    }
    expect(replyText(last)).toContain('오늘 코칭의 모든 단계를 함께 마쳤어요');
    expect(quickReplyLabels(last)).toEqual(['다시 시작']);
    expect(new Set(stagesSeen)).toEqual(new Set([0, 1, 2, 3, 4, 5]));
    // never more than 4 questions in a stage, at least 2
    for (const stage of [1, 2, 3, 4]) {
      const turns = stagesSeen.filter((x) => x === stage).length;
      expect(turns).toBeGreaterThanOrEqual(2);
      expect(turns).toBeLessThanOrEqual(4);
    }
    const [summary] = await archived(userId);
    expect(summary).toMatchObject({ userType: 'teacher', completedAllStages: true, endReason: 'completed', crisisDetected: false });
    expect(summary?.stagesReached).toEqual(PROGRAMMES.teacher.stages.map((s) => s.name));
    expect(summary?.turnCount).toBe(stagesSeen.length);
    expect(summary).not.toHaveProperty('history');
  });

  it('stays in a stage on short answers until the maximum of 4 questions', async () => {
    const { send } = coachingApp();
    const userId = newUser();
    await send(userId, '일반인');
    for (const text of ['네', '음', '글쎄요']) await send(userId, text);
    expect(await session(userId)).toMatchObject({ stageIndex: 0, stageQuestionCount: 4 });
    const next = await send(userId, '잘 모르겠어요');
    expect(await session(userId)).toMatchObject({ stageIndex: 1, stageQuestionCount: 1 });
    expect(replyText(next)).toContain(PROGRAMMES.general.stages[1]?.bridge);
  });

  it('keeps only recent history and each reply asks one question', async () => {
    const { send } = coachingApp();
    const userId = newUser();
    await send(userId, '학생');
    for (let i = 0; i < 14; i++) {
      const r = await send(userId, `친구 관계가 요즘 어려워요 ${i}`);
      const text = replyText(r);
      if (!text.includes('모든 단계')) expect(text.match(/\?/g)?.length).toBe(1);
    }
    expect((await session(userId))?.history.length).toBeLessThanOrEqual(20);
  });
});

describe('coaching: reset and end are whole-message commands', () => {
  it('"그만" ends, archives, and the next message starts over', async () => {
    const { send } = coachingApp();
    const userId = newUser();
    await send(userId, '교사');
    await send(userId, '요즘 수업이 힘들어요');
    const end = await send(userId, '그만');
    expect(replyText(end)).toContain('오늘 함께 이야기 나눠줘서 정말 고마워요');
    expect(await archived(userId)).toEqual([expect.objectContaining({ endReason: 'end', userType: 'teacher', turnCount: 1, stagesReached: ['신뢰 형성'] })]);
    expect(quickReplyLabels(await send(userId, '안녕하세요'))).toEqual(['교사', '학생', '일반인']);
  });

  it('"다시 시작" resets to the type question and archives the old session', async () => {
    const { send } = coachingApp();
    const userId = newUser();
    await send(userId, '학생');
    await send(userId, '시험 때문에 불안해요');
    const reset = await send(userId, '다시 시작');
    expect(replyText(reset)).toContain('처음부터 다시 시작할게요');
    expect(quickReplyLabels(reset)).toEqual(['교사', '학생', '일반인']);
    expect((await session(userId))?.userType).toBeUndefined();
    expect(await archived(userId)).toEqual([expect.objectContaining({ endReason: 'reset', userType: 'student' })]);
  });

  it.each(['이 일을 그만둘지 고민이에요', '방과 후 수업이 끝나면 너무 지쳐요', '처음부터 잘하고 싶었는데 다시 시작하기가 무서워요'])(
    '"%s" is coaching content: the conversation goes on',
    async (text) => {
      const { send } = coachingApp();
      const userId = newUser();
      await send(userId, '교사');
      const r = await send(userId, text);
      expect(replyText(r)).not.toContain('고마워요. 언제든지');
      expect(replyText(r)).not.toContain('처음부터 다시 시작할게요');
      const s = await session(userId);
      expect(s?.turnCount).toBe(1);
      expect(s?.history.some((m) => m.role === 'user' && m.content === text)).toBe(true);
      expect(await archived(userId)).toEqual([]);
    },
  );
});

describe('coaching: crisis', () => {
  it('answers at once with helplines, flags the session and continues gently', async () => {
    const { send } = coachingApp();
    const userId = newUser();
    await send(userId, '일반인');
    const r = await send(userId, '그냥 잠들어서 안 깨어났으면 좋겠어요');
    const text = replyText(r);
    expect(text).toContain('109');
    expect(text).toContain('24시간');
    expect(text).toContain('112');
    expect(text).not.toContain('1388'); // adult: the youth line is not the first help
    const card = (r as unknown as { template: { outputs: { textCard?: { buttons?: { action: string; phoneNumber?: string }[] } }[] } }).template.outputs.find((o) => o.textCard);
    expect(card?.textCard?.buttons?.map((b) => b.phoneNumber)).toEqual(['109', '112']);
    expect(await session(userId)).toMatchObject({ crisisDetected: true, crisisCount: 1 });
    const next = await send(userId, '고마워요 조금 나아졌어요');
    expect(replyText(next)).toMatch(/\?$/);
    expect((await session(userId))?.crisisDetected).toBe(true);
  });

  it('gives students 1388 too, and works before a type is chosen', async () => {
    const { send } = coachingApp();
    const student = newUser();
    await send(student, '학생');
    expect(replyText(await send(student, '다 포기하고 싶어요, 사는 것도'))).toContain('1388');
    const stranger = newUser();
    const first = await send(stranger, '죽고 싶어요');
    expect(replyText(first)).toContain('109');
    expect(replyText(first)).toContain('1388');
    expect(quickReplyLabels(first)).toEqual(['교사', '학생', '일반인']);
    expect(await session(stranger)).toMatchObject({ crisisDetected: true });
  });

  it('does not treat hyperbole as a crisis', async () => {
    const { send } = coachingApp();
    const userId = newUser();
    await send(userId, '학생');
    for (const text of ['더워 죽겠어요', '귀여워 죽겠다', '배고파 죽겠다']) expect(replyText(await send(userId, text))).not.toContain('109');
    expect((await session(userId))?.crisisDetected).toBe(false);
  });

  it('archives the crisis flag when the session ends', async () => {
    const { send } = coachingApp();
    const userId = newUser();
    await send(userId, '교사');
    await send(userId, '학생에게 맞았어요. 요즘 죽고 싶다는 생각이 들어요');
    await send(userId, '오늘은 여기까지');
    expect(await archived(userId)).toEqual([expect.objectContaining({ crisisDetected: true, endReason: 'end' })]);
  });
});

describe('coaching: 24 h sessions', () => {
  it('forgets a session after 24 hours without a message (TTL, ignored on read)', async () => {
    const clock = new FixedClock('2026-11-24T01:00:00Z');
    const { send } = coachingApp({}, clock);
    const userId = newUser();
    await send(userId, '교사');
    await send(userId, '수업이 힘들어요');
    const stored = await tables.doc.send(new GetCommand({ TableName: tables.names.coachingSessions, Key: { userId } }));
    expect(stored.Item?.expiresAt).toBe(Math.floor(clock.now().getTime() / 1000) + 24 * 3600);
    clock.advance(23 * 3600_000);
    expect(quickReplyLabels(await send(userId, '또 왔어요'))).toEqual([]); // still coaching
    clock.advance(24 * 3600_000 + 60_000);
    expect(quickReplyLabels(await send(userId, '오랜만이에요'))).toEqual(['교사', '학생', '일반인']);
  });
});
