import { detectCommand, detectCrisis, detectUserType } from '@domain/coaching/detectors';

describe('whole-message commands', () => {
  it.each(['다시 시작', '다시시작', '처음부터', '처음부터 다시', '리셋', '새로 시작', '새로 시작할래요', '다시 시작할게요!', 'reset', 'RESTART', '/reset', '초기화'])(
    '"%s" resets',
    (text) => expect(detectCommand(text)).toBe('reset'),
  );

  it.each(['종료', '그만', '그만할래요', '그만 할게요.', '끝', '끝낼게요', '오늘은 여기까지', '오늘은 여기까지 할게요', 'stop', 'exit', 'Quit', '종료해주세요 🙏'])(
    '"%s" ends',
    (text) => expect(detectCommand(text)).toBe('end'),
  );

  it.each([
    '이 일을 그만둘지 고민이에요',
    '방과 후 수업이 끝나면 너무 지쳐요',
    '수업을 다시 시작하는 게 두려워요',
    '처음부터 잘하고 싶었어요',
    '종료 시간이 다가오면 불안해요',
    "I can't stop thinking about it",
    '끝이 안 보여요',
    '그만하고 싶은데 용기가 안 나요',
  ])('"%s" is coaching content, not a command', (text) => expect(detectCommand(text)).toBeUndefined());
});

describe('crisis detection', () => {
  it.each([
    ['죽고 싶어요', 'suicide'],
    ['죽고싶다', 'suicide'],
    ['그냥 잠들어서 안 깨어났으면 좋겠어요', 'suicide'],
    ['다 포기하고 싶어요, 사는 것도', 'suicide'],
    ['살기 싫어요', 'suicide'],
    ['사라지고 싶어', 'suicide'],
    ['내가 없으면 다들 편할 것 같아요', 'suicide'],
    ['자살 생각이 자꾸 나요', 'suicide'],
    ['어제 또 자해를 했어요', 'selfHarm'],
    ['손목을 긋고 싶어요', 'selfHarm'],
    ['아빠가 저를 때려요', 'abuse'],
    ['엄마가 자꾸 날 때렸어요', 'abuse'],
    ['친구들이 저를 괴롭혀요', 'abuse'],
    ['학교에서 왕따를 당하고 있어요', 'abuse'],
    ['성추행을 당했어요', 'abuse'],
    ['그 사람을 죽이고 싶어요', 'violence'],
    ['I want to kill myself', 'suicide'],
    ["I don't want to live anymore", 'suicide'],
    ['I keep hurting myself', 'selfHarm'],
    ['My father beats me', 'abuse'],
  ])('"%s" is a crisis (%s)', (text, category) => {
    const signal = detectCrisis(text);
    expect(signal.crisis).toBe(true);
    expect(signal.categories).toContain(category);
  });

  it.each([
    '더워 죽겠어요',
    '귀여워 죽겠다',
    '배고파 죽겠다',
    '졸려 죽겠네',
    '웃겨 죽는 줄 알았어요',
    '힘들어 죽겠어요 ㅋㅋ',
    '포기하고 싶은 과목이 있어요',
    '학생들 학교폭력 예방 수업을 준비하고 있어요',
    '요즘 수업 준비 때문에 너무 지쳐요',
    'This heat is killing me',
    "I'm dying to see the show",
    '',
  ])('"%s" is not a crisis', (text) => expect(detectCrisis(text).crisis).toBe(false));
});

describe('user type', () => {
  it.each([
    ['1', 'teacher'],
    ['1️⃣', 'teacher'],
    ['교사', 'teacher'],
    ['저는 중학교 선생님이에요', 'teacher'],
    ['2', 'student'],
    ['학생', 'student'],
    ['고등학생입니다', 'student'],
    ['3', 'general'],
    ['일반인', 'general'],
    ['직장인이에요', 'general'],
  ])('"%s" → %s', (text, type) => expect(detectUserType(text)).toBe(type));

  it.each(['선생님이 너무 무서워요', '안녕하세요', '4', '학생들 때문에 힘들어요 정말 너무 힘들어요 어떡하죠', ''])('"%s" is not a type choice', (text) =>
    expect(detectUserType(text)).toBeUndefined(),
  );
});
