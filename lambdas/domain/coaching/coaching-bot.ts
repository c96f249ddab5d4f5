import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import { withDeadline } from '../deadline';
import { ConflictError } from '../errors';
import type { KakaoBot, TurnInput, TurnOptions, TurnOutcome } from '../kakao/ports';
import type { BotReply } from '../kakao/skill-response';
import { KAKAO_MESSAGES } from '../kakao/messages';
import {
  ALREADY_COMPLETED,
  COMPLETION_MESSAGE,
  CRISIS,
  EMPTY_MESSAGE,
  END_MESSAGE,
  FALLBACK_REPLY,
  OPENING_QUESTION,
  RESET_MESSAGE,
  RESTART_QUICK_REPLY,
  TRUNCATED_NOTE,
  USER_TYPE_CONFIRMATION,
  USER_TYPE_PROMPT,
  USER_TYPE_QUICK_REPLIES,
} from './content/messages';
import { PROGRAMMES, type UserType } from './content/stages';
import { detectCommand, detectCrisis, detectUserType, type CrisisCategory } from './detectors';
import { MAX_QUESTIONS_PER_STAGE, MIN_QUESTIONS_PER_STAGE } from './prompt';
import { reflect, type CoachContext, type CoachResponder } from './responders';
import {
  appendHistory,
  newSession,
  SESSION_TTL_MS,
  type CoachingSession,
  type CoachingSessionStore,
  type CompletedSessionArchive,
  type EndReason,
  type StoredSession,
} from './session';

/**
 * The coaching bot (from the original Flask coaching bot, rebuilt): user-type selection, six
 * stages per type with 2–4 questions each, whole-message reset/end commands, crisis care with
 * helplines, 24 h sessions archived on end, reset or completion.
 */
export interface CoachingObserver {
  crisisDetected(categories: readonly CrisisCategory[], userType: UserType | undefined): void;
  responderFailed(responder: string, error: unknown): void;
  sessionArchived(reason: EndReason): void;
}

export interface CoachingBotDeps {
  readonly sessions: CoachingSessionStore;
  readonly archive: CompletedSessionArchive;
  /** The LLM coach, or the offline engine when no LLM is configured */
  readonly responder: CoachResponder;
  /** Deterministic fallback when the responder fails or misses its deadline */
  readonly fallback: CoachResponder;
  readonly clock: Clock;
  readonly observer?: CoachingObserver;
  readonly newId?: () => string;
}

/** An answer this long (non-space characters) counts as substantial: the stage may move on after the minimum. */
export const SUBSTANTIAL_ANSWER_CHARS = 30;
const MAX_WRITE_ATTEMPTS = 6;

interface StagePlan {
  readonly stageIndex: number;
  readonly questionNumber: number;
  readonly completes: boolean;
}

/** Where the next coach question belongs: same stage, the next one, or the end of the programme. */
export const planStage = (session: CoachingSession, userText: string): StagePlan => {
  const stages = PROGRAMMES[session.userType ?? 'general'].stages;
  const asked = session.stageQuestionCount;
  const substantial = [...userText.replace(/\s+/g, '')].length >= SUBSTANTIAL_ANSWER_CHARS;
  const advance = asked >= MAX_QUESTIONS_PER_STAGE || (asked >= MIN_QUESTIONS_PER_STAGE && substantial);
  if (!advance) return { stageIndex: session.stageIndex, questionNumber: asked + 1, completes: false };
  if (session.stageIndex >= stages.length - 1) return { stageIndex: session.stageIndex, questionNumber: asked, completes: true };
  return { stageIndex: session.stageIndex + 1, questionNumber: 1, completes: false };
};

const hasContent = (text: string) => /[\p{L}\p{N}]/u.test(text);

export class CoachingBot implements KakaoBot {
  readonly #d: CoachingBotDeps;
  readonly #newId: () => string;

  constructor(deps: CoachingBotDeps) {
    this.#d = deps;
    this.#newId = deps.newId ?? randomUUID;
  }

  async turn(input: TurnInput, options: TurnOptions): Promise<TurnOutcome> {
    const now = this.#d.clock.now();
    const text = input.utterance;
    const stored = await this.#d.sessions.load(input.userId, now);
    const session = stored.session;
    const command = detectCommand(text);
    if (command === 'reset') return this.#reset(input.userId, stored, now);
    if (command === 'end') return this.#end(input.userId, stored, now);

    const crisis = detectCrisis(text);
    if (crisis.crisis) return this.#crisis(input.userId, stored, text, crisis.categories, now);
    if (!session?.userType) return this.#chooseType(input.userId, stored, text, now);
    const type = session.userType;
    if (session.completed) return reply({ texts: [ALREADY_COMPLETED], quickReplies: RESTART_QUICK_REPLY });
    if (!hasContent(text)) return reply({ texts: [EMPTY_MESSAGE[type]] });

    const plan = planStage(session, text);
    const prefix = input.truncated ? [TRUNCATED_NOTE] : [];
    if (plan.completes) {
      const closing = `${reflect(text, type)} ${COMPLETION_MESSAGE[type]}`;
      const saved = await this.#commit(input.userId, stored, now, (current) =>
        current?.sessionId === session.sessionId ? { ...exchange(current, text, closing, now), completed: true } : undefined,
      );
      if (saved) await this.#archive(saved, 'completed', now);
      return reply({ texts: [...prefix, closing], quickReplies: RESTART_QUICK_REPLY });
    }
    if (this.#d.responder.slow && options.allowDefer) return { kind: 'deferred', waitingText: KAKAO_MESSAGES.waiting.coaching };

    const context: CoachContext = {
      userType: type,
      stageIndex: plan.stageIndex,
      questionNumber: plan.questionNumber,
      gentle: session.crisisDetected,
      history: appendHistory(session.history, { role: 'user', content: text }),
      userText: text,
      deadline: options.deadline,
    };
    const answer = await this.#respond(context);
    await this.#commit(input.userId, stored, now, (current) => {
      if (!current?.userType || current.sessionId !== session.sessionId || current.completed) return undefined;
      // Someone else moved the conversation meanwhile: place this exchange where it now stands.
      const p = current.stageIndex === session.stageIndex && current.stageQuestionCount === session.stageQuestionCount ? plan : planStage(current, text);
      const advanced = exchange(current, text, answer, now);
      return p.completes
        ? { ...advanced, completed: true }
        : { ...advanced, stageIndex: p.stageIndex, stageQuestionCount: p.questionNumber, maxStageReached: Math.max(current.maxStageReached, p.stageIndex) };
    });
    return reply({ texts: [...prefix, answer] });
  }

  async #respond(context: CoachContext): Promise<string> {
    const { responder, fallback } = this.#d;
    try {
      const text = await withDeadline(responder.respond(context), context.deadline, responder.name);
      if (text) return text;
    } catch (error) {
      this.#d.observer?.responderFailed(responder.name, error);
    }
    if (fallback !== responder) {
      try {
        const text = await fallback.respond(context);
        if (text) return text;
      } catch (error) {
        this.#d.observer?.responderFailed(fallback.name, error);
      }
    }
    return FALLBACK_REPLY[context.userType];
  }

  async #chooseType(userId: string, stored: StoredSession, text: string, now: Date): Promise<TurnOutcome> {
    const type = detectUserType(text);
    if (!type) return reply({ texts: [USER_TYPE_PROMPT], quickReplies: USER_TYPE_QUICK_REPLIES });
    const confirmation = USER_TYPE_CONFIRMATION[type];
    await this.#commit(userId, stored, now, (current) => {
      if (current?.userType) return undefined; // chosen concurrently: keep the first choice
      const base = current ?? newSession(userId, now, this.#newId());
      return {
        ...base,
        userType: type,
        stageIndex: 0,
        stageQuestionCount: 1, // the confirmation's question opens the first stage
        history: appendHistory(base.history, { role: 'assistant', content: OPENING_QUESTION[type] }),
        lastActiveAt: now.toISOString(),
      };
    });
    return reply({ texts: [confirmation] });
  }

  async #crisis(userId: string, stored: StoredSession, text: string, categories: readonly CrisisCategory[], now: Date): Promise<TurnOutcome> {
    const type = stored.session?.userType;
    this.#d.observer?.crisisDetected(categories, type);
    const continuation = type ? CRISIS.continuation[type] : CRISIS.continuationNoType;
    await this.#commit(userId, stored, now, (current) => {
      const base = current ?? newSession(userId, now, this.#newId());
      return {
        ...base,
        crisisDetected: true,
        crisisCount: base.crisisCount + 1,
        turnCount: base.turnCount + 1,
        history: appendHistory(base.history, { role: 'user', content: text }, { role: 'assistant', content: continuation }),
        lastActiveAt: now.toISOString(),
      };
    });
    return reply(crisisReply(type, categories, continuation));
  }

  async #reset(userId: string, stored: StoredSession, now: Date): Promise<TurnOutcome> {
    const previous = stored.session;
    await this.#commit(userId, stored, now, () => newSession(userId, now, this.#newId()));
    if (previous && (previous.turnCount > 0 || previous.userType)) await this.#archive(previous, 'reset', now);
    return reply({ texts: [RESET_MESSAGE, USER_TYPE_PROMPT], quickReplies: USER_TYPE_QUICK_REPLIES });
  }

  async #end(userId: string, stored: StoredSession, now: Date): Promise<TurnOutcome> {
    const previous = stored.session;
    if (previous) {
      await this.#commit(userId, stored, now, () => newSession(userId, now, this.#newId()));
      if (previous.turnCount > 0 || previous.userType) await this.#archive(previous, 'end', now);
    }
    return reply({ texts: [END_MESSAGE], quickReplies: RESTART_QUICK_REPLY });
  }

  async #archive(session: CoachingSession, reason: EndReason, now: Date): Promise<void> {
    if (session.completed && reason !== 'completed') return; // archived when it completed
    const stages = PROGRAMMES[session.userType ?? 'general'].stages;
    await this.#d.archive.archive({
      userId: session.userId,
      sessionId: session.sessionId,
      ...(session.userType ? { userType: session.userType } : {}),
      stagesReached: session.userType ? stages.slice(0, session.maxStageReached + 1).map((s) => s.name) : [],
      completedAllStages: reason === 'completed',
      turnCount: session.turnCount,
      crisisDetected: session.crisisDetected,
      startedAt: session.startedAt,
      endedAt: now.toISOString(),
      endReason: reason,
    });
    this.#d.observer?.sessionArchived(reason);
  }

  /**
   * Versioned write with retry: `build` is applied to the latest stored session until the write
   * lands, so two messages at the same moment both end up in the conversation.
   */
  async #commit(
    userId: string,
    first: StoredSession,
    now: Date,
    build: (current: CoachingSession | undefined) => CoachingSession | undefined,
  ): Promise<CoachingSession | undefined> {
    let stored = first;
    for (let attempt = 1; ; attempt++) {
      const next = build(stored.session);
      if (!next) return undefined;
      try {
        await this.#d.sessions.save(next, stored.version, new Date(now.getTime() + SESSION_TTL_MS));
        return next;
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt >= MAX_WRITE_ATTEMPTS) throw error;
        await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
        stored = await this.#d.sessions.load(userId, now);
      }
    }
  }
}

const reply = (r: BotReply): TurnOutcome => ({ kind: 'reply', reply: r });

const exchange = (session: CoachingSession, userText: string, answer: string, now: Date): CoachingSession => ({
  ...session,
  turnCount: session.turnCount + 1,
  history: appendHistory(session.history, { role: 'user', content: userText }, { role: 'assistant', content: answer }),
  lastActiveAt: now.toISOString(),
});

/** Caring words, the helplines that fit (1388 for students and unknown users), phone buttons, then a gentle question. */
export const crisisReply = (type: UserType | undefined, categories: readonly CrisisCategory[], continuation: string): BotReply => {
  const youth = type === 'student' || type === undefined;
  const violent = categories.includes('abuse') || categories.includes('violence');
  const lines = [
    CRISIS.lines.suicide,
    ...(youth ? [CRISIS.lines.youth] : [CRISIS.lines.mentalHealth]),
    ...(violent ? [CRISIS.lines.violence] : []),
    CRISIS.lines.danger,
  ];
  const buttons = [CRISIS.buttons.suicide, ...(youth ? [CRISIS.buttons.youth] : []), CRISIS.buttons.danger].map((b) => ({
    label: b.label,
    action: 'phone' as const,
    phoneNumber: b.phoneNumber,
  }));
  return {
    texts: [CRISIS.opening[type ?? 'student']],
    card: { title: CRISIS.cardTitle, description: lines.join('\n'), buttons },
    after: continuation,
    ...(type ? {} : { quickReplies: USER_TYPE_QUICK_REPLIES }),
  };
};
