import type { ChatMessage } from '../llm/language-model';
import { COACHING_RULES, PROGRAMMES, type UserType } from './content/stages';
import { HISTORY_SENT_TO_LLM } from './session';

export const MIN_QUESTIONS_PER_STAGE = 2;
export const MAX_QUESTIONS_PER_STAGE = 4;

export interface StagePosition {
  readonly userType: UserType;
  readonly stageIndex: number;
  /** 1-based number of the question about to be asked in this stage */
  readonly questionNumber: number;
  /** A crisis signal came up earlier in this conversation: slower, softer, safety first */
  readonly gentle?: boolean;
}

/** The complete system prompt for one coach reply: rules, who the user is, the stage's goal and examples, where we are. */
export const buildSystemPrompt = ({ userType, stageIndex, questionNumber, gentle }: StagePosition): string => {
  const programme = PROGRAMMES[userType];
  const stage = programme.stages[stageIndex] ?? programme.stages[programme.stages.length - 1];
  if (!stage) throw new Error(`no stage ${stageIndex} for ${userType}`);
  const total = programme.stages.length;
  const position =
    questionNumber === 1 && stageIndex > 0
      ? '이번이 이 단계의 첫 질문입니다. 앞에서 상대가 한 말을 한 문장으로 이어받으며 자연스럽게 이 단계의 주제로 넘어가세요.'
      : questionNumber >= MAX_QUESTIONS_PER_STAGE
        ? '이 단계의 마지막 질문입니다. 지금까지 나온 이야기를 한 문장으로 정리하며 질문하세요.'
        : `이 단계에서 ${questionNumber}번째 질문입니다. 상대의 마지막 말에서 한 걸음 더 깊이 들어가세요.`;
  return [
    COACHING_RULES,
    '',
    `상대: ${programme.persona}`,
    '',
    `지금 단계: ${total}단계 중 ${stageIndex + 1}단계 "${stage.name}" (단계 이름은 말하지 마세요)`,
    `이 단계의 목적: ${stage.goal}`,
    `이 단계에서 살필 것: ${stage.focus}`,
    `이런 질문을 참고하되 그대로 반복하지 말고 상대의 말에 맞게 바꾸세요: ${stage.questions.join(' / ')}`,
    position,
    ...(gentle
      ? ['이 대화에서 앞서 위기 신호가 있었습니다. 단계 진행보다 상대의 안전과 지금의 마음을 먼저 살피고, 더 천천히 부드럽게 물어 주세요.']
      : []),
  ].join('\n');
};

/** The last messages for the model, starting with the user (Converse requires it) and alternating roles. */
export const recentMessages = (history: readonly ChatMessage[], limit = HISTORY_SENT_TO_LLM): ChatMessage[] => {
  const merged: ChatMessage[] = [];
  for (const m of history.slice(-limit)) {
    const content = m.content.trim();
    if (!content) continue;
    const last = merged[merged.length - 1];
    if (last && last.role === m.role) merged[merged.length - 1] = { role: m.role, content: `${last.content}\n${content}` };
    else merged.push({ role: m.role, content });
  }
  while (merged[0]?.role === 'assistant') merged.shift();
  return merged;
};

const EMOJI = /\p{Extended_Pictographic}|[\u{1F1E6}-\u{1F1FF}]|\u200d|\ufe0f|\u20e3/gu;

/**
 * Cleans a model's reply into what the coach says: no stage directions ("(공감하며)", "*미소*",
 * "[2단계]"), no speaker labels, markdown or emoji, one paragraph, and nothing after the first
 * question. Undefined when nothing usable is left.
 */
export const cleanCoachReply = (raw: string, maxChars = 300): string | undefined => {
  let text = raw
    .replace(/<[^>]{0,40}>/g, ' ')
    .replace(/\([^()]{0,60}\)|（[^（）]{0,60}）/g, ' ')
    .replace(/\[[^[\]]{0,60}\]/g, ' ')
    // **2단계: 현실 탐색** is a heading; **정말** is emphasis (kept as plain text).
    .replace(/\*\*([^*\n]{0,60})\*\*/g, (_m, inner: string) => (/단계|[:：]/.test(inner) ? ' ' : inner))
    .replace(/\*[^*\n]{0,60}\*/g, ' ')
    .replace(/^\s*(코치|coach|assistant|상담사|챗봇|ai)\s*[:：]\s*/gim, '')
    .replace(/^\s*(\d+[.)]|[-•*#>]+)\s*/gm, '')
    .replace(/(\d+단계|단계\s*\d+)\s*[:：-]?/g, ' ')
    .replace(EMOJI, '')
    .replace(/[*_#`~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const q = text.search(/[?？]/);
  if (q >= 0) text = text.slice(0, q + 1);
  text = text.replace(/^["'“”]+|["'“”]+$/g, '').trim();
  if ([...text].length > maxChars) {
    const cut = [...text].slice(0, maxChars).join('');
    const end = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('요 '), cut.lastIndexOf('다 '));
    text = end > 20 ? cut.slice(0, end + 1).trim() : `${cut.trimEnd()}…`;
  }
  return /[\p{L}\p{N}]/u.test(text) ? text : undefined;
};
