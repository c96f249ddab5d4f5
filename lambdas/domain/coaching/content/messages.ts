import type { UserType } from './stages';

/** Fixed Korean texts of the coaching bot (wording from the original bot where it had one). */
export const USER_TYPE_PROMPT = [
  '안녕하세요! 코칭 챗봇입니다. 😊',
  '',
  '더 나은 상담을 위해 여러분에 대해 알고 싶어요.',
  '',
  '1️⃣ 교사 (수업, 학급 운영 고민)',
  '2️⃣ 학생 (학업, 진로, 친구 관계 고민)',
  '3️⃣ 일반인 (직업, 일상생활 고민)',
  '',
  '번호나 해당 단어를 입력해주세요!',
].join('\n');

export const USER_TYPE_QUICK_REPLIES = [
  { label: '교사', messageText: '교사' },
  { label: '학생', messageText: '학생' },
  { label: '일반인', messageText: '일반인' },
] as const;

export const USER_TYPE_CONFIRMATION: Readonly<Record<UserType, string>> = {
  teacher: '교사로 등록되었습니다! 수업이나 학급 운영 고민을 편하게 나눠주세요. 😊\n\n오늘은 어떤 이야기를 나누고 싶으신가요?',
  student: '학생으로 등록되었습니다! 학업, 진로, 친구 관계 고민을 편하게 나눠주세요. 😊\n\n오늘은 어떤 이야기를 나누고 싶나요?',
  general: '일반인으로 등록되었습니다! 직업, 일상생활 고민을 편하게 나눠주세요. 😊\n\n오늘은 어떤 이야기를 나누고 싶으신가요?',
};

/** The question the confirmation ends with: counted as the first question of the first stage. */
export const OPENING_QUESTION: Readonly<Record<UserType, string>> = {
  teacher: '오늘은 어떤 이야기를 나누고 싶으신가요?',
  student: '오늘은 어떤 이야기를 나누고 싶나요?',
  general: '오늘은 어떤 이야기를 나누고 싶으신가요?',
};

export const RESET_MESSAGE = '좋아요, 처음부터 다시 시작할게요.';

export const END_MESSAGE =
  "오늘 함께 이야기 나눠줘서 정말 고마워요. 언제든지 다시 이야기 나누고 싶으면 '다시 시작'이라고 말해주세요. 😊";

export const COMPLETION_MESSAGE: Readonly<Record<UserType, string>> = {
  teacher:
    '오늘 코칭의 모든 단계를 함께 마쳤어요. 교실을 위해 깊이 고민하고 스스로 길을 찾아가시는 모습이 인상 깊었어요. ' +
    "오늘 정하신 작은 실천이 선생님께 힘이 되기를 응원할게요. 다시 이야기 나누고 싶으시면 언제든 '다시 시작'이라고 보내주세요. 😊",
  student:
    '오늘 코칭을 끝까지 함께해 줘서 정말 고마워요. 솔직하게 이야기하고 스스로 방법을 찾아낸 것, 정말 멋졌어요. ' +
    "이번 주에 해 보기로 한 것 꼭 응원할게요! 또 이야기하고 싶으면 언제든 '다시 시작'이라고 보내줘요. 😊",
  general:
    '오늘 코칭의 모든 단계를 함께 마쳤어요. 자신의 마음을 들여다보고 스스로 다음 걸음을 정하신 과정이 참 의미 있었어요. ' +
    "오늘의 다짐을 응원할게요. 다시 이야기 나누고 싶으시면 언제든 '다시 시작'이라고 보내주세요. 😊",
};

export const ALREADY_COMPLETED = "오늘 코칭은 모두 마쳤어요. 새로 이야기를 나누고 싶으면 '다시 시작'을 눌러주세요.";

export const RESTART_QUICK_REPLY = [{ label: '다시 시작', messageText: '다시 시작' }] as const;

export const EMPTY_MESSAGE: Readonly<Record<UserType, string>> = {
  teacher: '편하게 한두 문장으로 말씀해 주시면 함께 생각해 볼게요. 요즘 어떤 일이 마음에 남아 있나요?',
  student: '편하게 한두 문장으로 이야기해 주면 같이 생각해 볼게요. 요즘 어떤 일이 마음에 남아 있어요?',
  general: '편하게 한두 문장으로 말씀해 주시면 함께 생각해 볼게요. 요즘 어떤 일이 마음에 남아 있나요?',
};

/** When neither the LLM nor the offline engine produced anything usable (from the original bot). */
export const FALLBACK_REPLY: Readonly<Record<UserType, string>> = {
  teacher: '죄송합니다. 다시 한번 말씀해주시겠어요?',
  student: '미안해요. 다시 한번 말해줄래요?',
  general: '죄송합니다. 다시 말씀해주시겠어요?',
};

export const TRUNCATED_NOTE = '메시지가 길어서 앞부분까지만 읽었어요.';

/** Crisis response: caring words first, then help that works now, then a gentle way to continue. */
export const CRISIS = {
  opening: {
    teacher: '이야기해 주셔서 정말 고마워요. 지금 많이 힘드신 마음이 느껴져요. 혼자 견디지 않으셔도 괜찮아요.',
    student: '이야기해 줘서 정말 고마워요. 지금 많이 힘든 마음이 느껴져요. 혼자 견디지 않아도 괜찮아요.',
    general: '이야기해 주셔서 정말 고마워요. 지금 많이 힘드신 마음이 느껴져요. 혼자 견디지 않으셔도 괜찮아요.',
  } satisfies Record<UserType, string>,
  cardTitle: '지금 바로 도움을 받을 수 있어요',
  lines: {
    suicide: '• 자살예방상담전화 109 (24시간)',
    youth: '• 청소년상담 1388 (24시간, 문자·카카오톡 상담 가능)',
    mentalHealth: '• 정신건강위기상담 1577-0199',
    danger: '• 지금 위험한 상황이라면 112(경찰) 또는 119',
    violence: '• 폭력이나 학대를 겪고 있다면 112에 신고할 수 있어요',
  },
  buttons: {
    suicide: { label: '109 전화하기', phoneNumber: '109' },
    youth: { label: '1388 전화하기', phoneNumber: '1388' },
    danger: { label: '112 전화하기', phoneNumber: '112' },
  },
  continuation: {
    teacher: '괜찮으시다면, 지금 어떤 마음이신지 조금 더 들려주실 수 있을까요?',
    student: '괜찮다면, 지금 어떤 마음인지 조금 더 이야기해 줄 수 있어요?',
    general: '괜찮으시다면, 지금 어떤 마음이신지 조금 더 들려주실 수 있을까요?',
  } satisfies Record<UserType, string>,
  /** Before the user type is known */
  continuationNoType: '괜찮다면 지금 어떤 마음인지 조금 더 이야기해 주세요. 계속 이야기 나누려면 아래에서 나에게 맞는 항목을 골라 주세요.',
} as const;
