import type { UserType } from './stages';

/**
 * Reflective phrasing for the offline engine: the user's own words are quoted back, and a feeling
 * they named is acknowledged, before the stage's next question. Formal (teacher, general) and
 * friendly (student) registers.
 */
type Register = 'formal' | 'friendly';
export const registerOf = (type: UserType): Register => (type === 'student' ? 'friendly' : 'formal');

export const FEELINGS: readonly { readonly pattern: RegExp; readonly formal: string; readonly friendly: string }[] = [
  { pattern: /지치|지쳐|지친|피곤|버거|번아웃|녹초/, formal: '많이 지치셨겠어요.', friendly: '많이 지쳤겠어요.' },
  { pattern: /힘들|힘든|힘드|괴로/, formal: '그동안 많이 힘드셨겠어요.', friendly: '그동안 많이 힘들었겠어요.' },
  { pattern: /속상|서운|섭섭|상처/, formal: '마음이 많이 속상하셨겠어요.', friendly: '마음이 많이 속상했겠어요.' },
  { pattern: /불안|걱정|두려|무서|겁나|긴장/, formal: '걱정되는 마음이 크시겠어요.', friendly: '걱정되는 마음이 크겠어요.' },
  { pattern: /답답|막막|모르겠|혼란/, formal: '어디서부터 풀어야 할지 답답하셨겠어요.', friendly: '어디서부터 풀어야 할지 답답했겠어요.' },
  { pattern: /화가|화나|짜증|억울|열받/, formal: '화가 나실 만한 상황이었네요.', friendly: '화가 날 만한 상황이었네요.' },
  { pattern: /외로|혼자|소외/, formal: '혼자 감당하시느라 외로우셨겠어요.', friendly: '혼자 감당하느라 외로웠겠어요.' },
  { pattern: /우울|슬프|슬퍼|눈물|울었|무기력/, formal: '마음이 많이 무거우셨겠어요.', friendly: '마음이 많이 무거웠겠어요.' },
  { pattern: /기쁘|기뻐|좋았|뿌듯|설레|행복|신나|감사/, formal: '이야기만 들어도 그 기쁨이 전해져요.', friendly: '이야기만 들어도 그 기쁨이 전해져요.' },
];

/** Said when the message is too short to quote ("네", "응", "글쎄요"). */
export const SHORT_ACKNOWLEDGEMENTS: Readonly<Record<Register, readonly string[]>> = {
  formal: ['네, 말씀 잘 들었어요.', '그렇군요.', '네, 천천히 생각해 보셔도 괜찮아요.'],
  friendly: ['응, 잘 들었어요.', '그렇구나.', '천천히 생각해도 괜찮아요.'],
};

/** Quote templates: {quote} is the user's phrase. */
export const QUOTE_TEMPLATES: Readonly<Record<Register, readonly string[]>> = {
  formal: ["'{quote}'라고 하셨군요.", "'{quote}'라는 말씀이 마음에 남네요.", "'{quote}'라고 말씀해 주셨네요."],
  friendly: ["'{quote}'라고 했구나.", "'{quote}'라는 말이 마음에 남아요.", "'{quote}'라고 이야기해 줬네요."],
};
