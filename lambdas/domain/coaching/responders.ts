import { createHash } from 'node:crypto';
import type { ChatMessage, LanguageModel } from '../llm/language-model';
import { FEELINGS, QUOTE_TEMPLATES, registerOf, SHORT_ACKNOWLEDGEMENTS } from './content/reflections';
import { PROGRAMMES, type UserType } from './content/stages';
import { buildSystemPrompt, cleanCoachReply, recentMessages, type StagePosition } from './prompt';

/** Everything a responder needs to say the coach's next line. */
export interface CoachContext extends StagePosition {
  /** The conversation so far, ending with the user's message */
  readonly history: readonly ChatMessage[];
  readonly userText: string;
  readonly deadline: Date;
}

/** Produces the coach's next line; undefined when it has nothing usable (the caller falls back). */
export interface CoachResponder {
  /** True when answering may take longer than a chat bubble should (an LLM): the channel may defer it. */
  readonly slow: boolean;
  readonly name: string;
  respond(context: CoachContext): Promise<string | undefined>;
}

const pick = <T>(items: readonly T[], seed: string): T => {
  const n = createHash('sha1').update(seed).digest().readUInt32BE(0);
  return items[n % items.length] as T;
};

/** The user's own phrase to quote back: their first sentence, cut on a word boundary. */
export const quotablePhrase = (text: string, max = 24): string | undefined => {
  const first = text
    .replace(/['"‘’“”]/g, '')
    .split(/(?<=[.!?。？！\n])\s*|[,，]\s*(?=[^,，]{12,})/u)[0]
    ?.replace(/[.!?。？！~…\s]+$/u, '')
    .trim();
  if (!first || [...first].length < 5) return undefined;
  const chars = [...first];
  if (chars.length <= max) return first;
  const cut = chars.slice(0, max).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trim()}…`;
};

/** A short reflection of the user's words and feeling, in the type's register. */
export const reflect = (userText: string, type: UserType): string => {
  const register = registerOf(type);
  const phrase = quotablePhrase(userText);
  const feeling = FEELINGS.find((f) => f.pattern.test(userText.replace(/\s+/g, '')));
  const parts: string[] = [];
  if (phrase) parts.push(pick(QUOTE_TEMPLATES[register], userText).replace('{quote}', phrase));
  if (feeling) parts.push(feeling[register]);
  if (parts.length === 0) parts.push(pick(SHORT_ACKNOWLEDGEMENTS[register], userText));
  return parts.join(' ');
};

/**
 * The offline engine: deterministic, instant, no network. A curated question per stage (never the
 * one just asked), introduced by a reflection of what the user said and, on entering a stage, the
 * stage's bridge sentence. Makes the bot fully usable without any LLM.
 */
export class OfflineCoach implements CoachResponder {
  readonly slow = false;
  readonly name = 'offline';

  async respond(context: CoachContext): Promise<string> {
    const stage = PROGRAMMES[context.userType].stages[context.stageIndex];
    if (!stage) return '';
    const asked = new Set(context.history.filter((m) => m.role === 'assistant').map((m) => m.content));
    const start = (context.questionNumber - 1) % stage.questions.length;
    const rotation = [...stage.questions.slice(start), ...stage.questions.slice(0, start)];
    const question = rotation.find((q) => ![...asked].some((a) => a.includes(q))) ?? rotation[0] ?? '';
    const bridge = context.questionNumber === 1 && stage.bridge ? stage.bridge : '';
    return [reflect(context.userText, context.userType), bridge, question].filter(Boolean).join(' ');
  }
}

export interface LlmCoachOptions {
  readonly maxTokens?: number;
  readonly temperature?: number;
}

/** The coach through a language model: the stage's system prompt, the last 6 messages, a cleaned one-question reply. */
export class LlmCoach implements CoachResponder {
  readonly slow = true;
  readonly name: string;

  constructor(
    private readonly model: LanguageModel,
    private readonly options: LlmCoachOptions = {},
  ) {
    this.name = model.name;
  }

  async respond(context: CoachContext): Promise<string | undefined> {
    const messages = recentMessages(context.history);
    if (messages.length === 0) return undefined;
    const raw = await this.model.complete({
      system: buildSystemPrompt(context),
      messages,
      maxTokens: this.options.maxTokens ?? 150,
      temperature: this.options.temperature ?? 0.7,
      deadline: context.deadline,
    });
    return cleanCoachReply(raw);
  }
}
