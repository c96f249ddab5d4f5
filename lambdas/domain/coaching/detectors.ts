import type { UserType } from './content/stages';

/**
 * What a coaching message means before it is coaching content: a whole-message command (reset,
 * end), a crisis signal, or the user's type. Used by the bot and by `aicc safety`, so the CLI shows
 * exactly what the bot would do.
 *
 * Commands match the whole message only: "이 일을 그만둘지 고민이에요" is coaching content.
 * Crisis patterns match anywhere, spacing-insensitive, and never fire on hyperbole ("더워 죽겠어요").
 */

/** Lowercased, NFC, without spaces, punctuation, symbols, emoji and combining marks. */
export const compact = (text: string): string =>
  text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}\p{M}\p{Cf}]+/gu, '');

/** Lowercased with runs of whitespace collapsed and curly apostrophes straightened (English patterns). */
const spaced = (text: string): string =>
  ` ${text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .trim()} `;

const POLITE_SUFFIXES = ['', '요', '해', '해요', '해줘', '해줘요', '해주세요', '할래', '할래요', '할게', '할게요', '할께요', '하기', '하자', '합시다', '합니다', '하고싶어', '하고싶어요', '할게염', '이에요', '예요', '입니다'];

const wholeMessage = (bases: readonly string[], extra: readonly string[] = []) => {
  const forms = new Set<string>(extra);
  for (const base of bases) for (const suffix of POLITE_SUFFIXES) forms.add(base + suffix);
  return forms;
};

const RESET_FORMS = wholeMessage(
  ['다시시작', '처음부터', '처음부터다시', '처음부터다시시작', '다시처음부터', '새로시작', '리셋', '초기화', '재시작', '처음으로', '새대화', '새로운대화', 'reset', 'restart'],
  ['다시', '다시할래요', '다시해요', '처음부터할래요'],
);

const END_FORMS = wholeMessage(
  ['종료', '그만', '그만하기', '끝', '끝내기', '대화종료', '코칭종료', '상담종료', '오늘은여기까지', '여기까지', '오늘은이만', '이만', 'stop', 'exit', 'quit', 'end', 'bye', 'goodbye'],
  ['끝낼래', '끝낼래요', '끝낼게', '끝낼게요', '끝내요', '끝내자', '끝내줘', '끝이에요', '그만둘래', '그만둘래요', '그만둘게요', '이제그만', '이제그만할래요', '이제그만할게요', '오늘은여기까지할게요', '오늘은여기까지만', '여기까지만할게요', '그만할래', '그만할래요', '그만할게요', '종료해주세요', '대화끝'],
);

export type Command = 'reset' | 'end';

/** A whole-message command, or undefined for anything else (including sentences that contain the words). */
export const detectCommand = (text: string): Command | undefined => {
  const c = compact(text).replace(/^\//, '');
  if (c.length === 0 || c.length > 20) return undefined;
  if (RESET_FORMS.has(c)) return 'reset';
  if (END_FORMS.has(c)) return 'end';
  return undefined;
};

export type CrisisCategory = 'suicide' | 'selfHarm' | 'abuse' | 'violence';

export interface CrisisSignal {
  readonly crisis: boolean;
  readonly categories: readonly CrisisCategory[];
}

/** Patterns on the compact (spaceless) Korean text. */
const KO: Readonly<Record<CrisisCategory, readonly RegExp[]>> = {
  suicide: [
    /자살|자결|극단적(인)?선택/,
    /죽고(싶|파|싶어)|죽어버리고싶|죽어버릴(까|래|거)|죽어야겠|죽을래|죽으려고|죽기로(했|마음)|죽는게(나을|낫)|(내가|나는|난|제가|저는|전)죽었으면/,
    /살기(가)?싫|살고싶지(가)?않|(그만|더이상|더는)살고싶지|사는게(의미|무의미|지옥)|살(아야할|아갈)?이유가없|살아서뭐(해|하)|살아있기(가)?싫|살아있는게(싫|괴로)/,
    /(사라지|없어지|사라져버리|증발하)고싶|세상을떠나고싶|생을마감|목숨을?끊|목을매|투신|뛰어내리(고싶|려고|릴까|ㄹ까)|유서/,
    /(안|못)깨어났으면|깨어나지않았으면|깨지않았으면|영원히잠들|눈을안떴으면|내일이안왔으면|태어나지(말았|않았)/,
    /내가없(으면|어지면)(다들|모두|가족|세상)|(다|모든걸|모든것을|전부|인생을|삶을)끝내(고싶|버리고싶|려고)/,
    /수면제를?(모아|많이|한꺼번에|왕창)/,
  ],
  selfHarm: [/자해|손목을?(긋|그어|그었)|칼로(긋|그어|그었)|긋고싶|(나|내몸|스스로|자신)를?(다치게|해치)|몸에상처를?내|피가나도록/],
  abuse: [
    /학대|성추행|성폭행|성폭력|가정폭력|데이트폭력|강간|성범죄|불법촬영/,
    /(폭행|폭력|학대|괴롭힘|왕따|따돌림|협박|스토킹)(을|를)?당하|(폭행|폭력|학대|괴롭힘|왕따|따돌림|협박|스토킹)당/,
    /(아빠|엄마|아버지|어머니|부모님|새아빠|새엄마|계부|계모|남편|아내|남친|남자친구|여친|여자친구|오빠|형|언니|누나|선배|선생님|담임|친구들|애들|걔네|걔들|사장님|상사)(가|이|께서|들이|한테|에게)?(나를|저를|날|절|자꾸|매일|또|맨날)*(때려|때렸|때리|패|팼|폭행|괴롭혀|괴롭히|괴롭혔|협박|만져|만졌|만지)/,
    /(나를|저를|날|절)(자꾸|매일|또|맨날)*(때려|때렸|때리|패|팼|괴롭혀|괴롭혔|협박|만져|만졌)/,
    /맞아서멍|멍이들도록|죽이겠다고|죽여버리겠다고/,
  ],
  violence: [/(죽이|죽여버리|찌르|찔러버리|해치|패죽이|때려죽이)고싶|죽여버릴(거|까)|죽일거야|칼로찌르/],
};

/** Patterns on the lowercased, space-normalised English text. */
const EN: Readonly<Record<CrisisCategory, readonly RegExp[]>> = {
  suicide: [
    /\bsuicid/,
    /\bkill(ing)? my ?self\b|\bend(ing)? (my life|it all)\b|\b(want|wanna|going) to die\b|\bwanna die\b|\bwish i (was|were) dead\b/,
    /\bbetter off dead\b|\bno reason to live\b|\bdon'?t want to (live|be alive|wake up)\b|\bwant to disappear\b/,
  ],
  selfHarm: [/\bself ?harm|\bhurt(ing)? my ?self\b|\bcut(ting)? my ?self\b/],
  abuse: [/\b(abused|being abused|abusing me|abuses me)\b|\b(hits|beats|hit|beat) me\b|\brap(e|ed)\b|\bsexual(ly)? assault|\bmolest/],
  violence: [/\bkill (him|her|them|you|someone|everyone)\b|\b(stab|shoot) (him|her|them|someone)\b/],
};

export const detectCrisis = (text: string): CrisisSignal => {
  const c = compact(text);
  const s = spaced(text);
  const categories = (Object.keys(KO) as CrisisCategory[]).filter(
    (category) => KO[category].some((re) => re.test(c)) || EN[category].some((re) => re.test(s)),
  );
  // "다 포기하고 싶어요, 사는 것도": giving up, said about living itself.
  if (!categories.includes('suicide') && /포기하고싶|포기할래|포기하고파/.test(c) && /사는것|사는거|살아가는|살기|삶|인생|살아있는/.test(c)) {
    categories.push('suicide');
  }
  return { crisis: categories.length > 0, categories };
};

const TYPE_EXACT: Readonly<Record<string, UserType>> = {
  '1': 'teacher',
  '1번': 'teacher',
  teacher: 'teacher',
  '2': 'student',
  '2번': 'student',
  student: 'student',
  '3': 'general',
  '3번': 'general',
  general: 'general',
  adult: 'general',
};

const TYPE_WORDS: readonly [UserType, RegExp][] = [
  ['teacher', /(교사|선생님|선생|교직원|담임|교원|강사)/],
  ['student', /(학생|중학생|고등학생|초등학생|대학생|고딩|중딩|청소년)/],
  ['general', /(일반인|일반|직장인|회사원|사회인|주부|취준생|프리랜서|자영업자|성인|어른)/],
];

/** "교사", "2", "1️⃣", "저는 중학교 선생님이에요": the user naming their type (not a sentence about others). */
export const detectUserType = (text: string): UserType | undefined => {
  const c = compact(text);
  if (c.length === 0 || c.length > 24) return undefined;
  const exact = TYPE_EXACT[c];
  if (exact) return exact;
  for (const [type, word] of TYPE_WORDS) {
    const re = new RegExp(`^(저는|전|나는|난|저|나)?[가-힣a-z0-9]{0,10}?${word.source}(이에요|예요|입니다|이야|야|임|이요|요|인데요|이고요|이에여)?$`);
    if (re.test(c)) return type;
  }
  return undefined;
};
