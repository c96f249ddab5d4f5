import { planStage } from '@domain/coaching/coaching-bot';
import { PROGRAMMES, USER_TYPES } from '@domain/coaching/content/stages';
import { buildSystemPrompt, cleanCoachReply, recentMessages } from '@domain/coaching/prompt';
import { OfflineCoach, quotablePhrase, reflect } from '@domain/coaching/responders';
import { newSession } from '@domain/coaching/session';

describe('coaching programme', () => {
  it('has the six stages of the original bot for each type', () => {
    expect(PROGRAMMES.teacher.stages.map((s) => s.name)).toEqual(['신뢰 형성', '교육 현장 탐색', '교육 목표 설정', '교수법 탐색', '실행 계획', '성찰 및 마무리']);
    expect(PROGRAMMES.student.stages.map((s) => s.name)).toEqual(['신뢰 형성', '학교생활 탐색', '목표 설정', '해결방안 탐색', '실행 계획', '정리 및 마무리']);
    expect(PROGRAMMES.general.stages.map((s) => s.name)).toEqual(['신뢰 형성', '현실 탐색', '목표 설정', '대안 탐색', '실행 계획', '정리 및 마무리']);
  });

  it.each(USER_TYPES)('gives every %s stage a complete system prompt and at least 4 curated questions', (type) => {
    PROGRAMMES[type].stages.forEach((stage, i) => {
      const prompt = buildSystemPrompt({ userType: type, stageIndex: i, questionNumber: 2 });
      expect(prompt).toContain('질문은 딱 하나만');
      expect(prompt).toContain('조언, 해결책 목록');
      expect(prompt).toContain(stage.goal);
      expect(prompt).toContain(PROGRAMMES[type].persona);
      expect(prompt).toContain(`${i + 1}단계 "${stage.name}"`);
      expect(stage.questions.length).toBeGreaterThanOrEqual(4);
      for (const q of stage.questions) expect(q).toMatch(/^[^?]+\?$/);
      expect(stage.bridge).not.toContain('?'); // the reply's one question is the stage question
    });
  });

  it('asks for extra care after a crisis signal', () => {
    expect(buildSystemPrompt({ userType: 'student', stageIndex: 1, questionNumber: 1, gentle: true })).toContain('안전');
  });
});

describe('cleanCoachReply', () => {
  it.each([
    ['(따뜻하게 미소 지으며) 많이 힘드셨겠어요. 그때 어떤 마음이 드셨나요? 그리고 다른 방법은요?', '많이 힘드셨겠어요. 그때 어떤 마음이 드셨나요?'],
    ['코치: **2단계: 현실 탐색** 😊 요즘 어떤 일이 가장 힘드세요?', '요즘 어떤 일이 가장 힘드세요?'],
    ['*고개를 끄덕이며* 그렇군요.\n\n1. 첫째로 무엇을 원하세요?\n2. 둘째로...', '그렇군요. 첫째로 무엇을 원하세요?'],
    ['[신뢰 형성] 오늘 어떤 이야기를 나누고 싶으세요？', '오늘 어떤 이야기를 나누고 싶으세요？'],
  ])('%s', (raw, clean) => expect(cleanCoachReply(raw)).toBe(clean));

  it('gives undefined when nothing usable is left', () => {
    expect(cleanCoachReply('(침묵) 😊 ***')).toBeUndefined();
  });
});

describe('recentMessages', () => {
  it('sends the last 6 messages, starting with the user, roles alternating', () => {
    const history = Array.from({ length: 9 }, (_, i) => ({ role: i % 2 === 0 ? ('assistant' as const) : ('user' as const), content: `m${i}` }));
    const out = recentMessages(history);
    expect(out[0]?.role).toBe('user');
    expect(out.map((m) => m.content)).toEqual(['m3', 'm4', 'm5', 'm6', 'm7', 'm8']);
    expect(recentMessages([{ role: 'user', content: 'a' }, { role: 'user', content: 'b' }])).toEqual([{ role: 'user', content: 'a\nb' }]);
  });
});

describe('stage advance', () => {
  const base = { ...newSession('u', new Date('2026-11-24T01:00:00Z'), 's1'), userType: 'teacher' as const };
  const long = '학생들이 수업 시간에 집중하지 못하고 계속 떠들어서 수업을 진행하기가 정말 어렵습니다';
  it('stays for short answers until the maximum of 4 questions', () => {
    expect(planStage({ ...base, stageQuestionCount: 1 }, '네')).toEqual({ stageIndex: 0, questionNumber: 2, completes: false });
    expect(planStage({ ...base, stageQuestionCount: 3 }, '음...')).toEqual({ stageIndex: 0, questionNumber: 4, completes: false });
    expect(planStage({ ...base, stageQuestionCount: 4 }, '네')).toEqual({ stageIndex: 1, questionNumber: 1, completes: false });
  });
  it('advances after a substantial answer once 2 questions were asked, not before', () => {
    expect(planStage({ ...base, stageQuestionCount: 1 }, long).stageIndex).toBe(0);
    expect(planStage({ ...base, stageQuestionCount: 2 }, long)).toEqual({ stageIndex: 1, questionNumber: 1, completes: false });
  });
  it('completes after the last stage', () => {
    expect(planStage({ ...base, stageIndex: 5, stageQuestionCount: 4 }, '네').completes).toBe(true);
  });
});

describe('offline coach', () => {
  const coach = new OfflineCoach();
  const deadline = new Date(Date.now() + 1000);

  it('reflects the user\'s own words and feeling, then asks exactly one question of the stage', async () => {
    const text = '요즘 수업 준비 때문에 너무 지쳐요';
    const reply = await coach.respond({ userType: 'teacher', stageIndex: 0, questionNumber: 2, history: [{ role: 'user', content: text }], userText: text, deadline });
    expect(reply).toContain("'요즘 수업 준비 때문에 너무 지쳐요'");
    expect(reply).toContain('지치셨겠어요');
    expect(reply.match(/\?/g)).toHaveLength(1);
    expect(PROGRAMMES.teacher.stages[0]?.questions.some((q) => reply.endsWith(q))).toBe(true);
  });

  it('uses the friendly register for students and bridges into a new stage', async () => {
    const text = '친구랑 싸워서 속상해요';
    const reply = await coach.respond({ userType: 'student', stageIndex: 2, questionNumber: 1, history: [], userText: text, deadline });
    expect(reply).toContain('속상했겠어요');
    expect(reply).toContain(PROGRAMMES.student.stages[2]?.bridge);
  });

  it('never repeats the question it just asked', async () => {
    const stage = PROGRAMMES.general.stages[1];
    const first = stage?.questions[0] ?? '';
    const reply = await coach.respond({ userType: 'general', stageIndex: 1, questionNumber: 1, history: [{ role: 'assistant', content: first }], userText: '네', deadline });
    expect(reply).not.toContain(first);
  });

  it('quotes at most a short phrase', () => {
    expect(quotablePhrase('네')).toBeUndefined();
    expect([...(quotablePhrase('학생들이 수업 시간에 집중하지 못하고 계속 떠들어서 힘들어요') ?? '')].length).toBeLessThanOrEqual(25);
    expect(reflect('응', 'student')).toMatch(/\S/);
  });
});
