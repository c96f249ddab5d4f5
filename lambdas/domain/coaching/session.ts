import type { ChatMessage } from '../llm/language-model';
import type { UserType } from './content/stages';

/** A coaching conversation, one per Kakao user; it expires after 24 h without a message. */
export interface CoachingSession {
  readonly userId: string;
  readonly sessionId: string;
  readonly userType?: UserType;
  readonly stageIndex: number;
  /** Coach questions asked so far in the current stage */
  readonly stageQuestionCount: number;
  /** Highest stage reached */
  readonly maxStageReached: number;
  readonly completed: boolean;
  /** User messages counted (each one is a turn) */
  readonly turnCount: number;
  /** Recent messages only (the LLM sees the last 6) */
  readonly history: readonly ChatMessage[];
  readonly crisisDetected: boolean;
  readonly crisisCount: number;
  readonly startedAt: string;
  readonly lastActiveAt: string;
}

export const SESSION_TTL_MS = 24 * 60 * 60 * 1000;
export const HISTORY_KEPT = 20;
export const HISTORY_SENT_TO_LLM = 6;

export interface StoredSession {
  /** undefined when there is none or it expired (24 h without activity) */
  readonly session?: CoachingSession;
  /** Version of whatever item exists (0 = none): the next write expects exactly this. */
  readonly version: number;
}

/** Sessions with optimistic versioning: `save` fails with `ConflictError` when someone wrote first. */
export interface CoachingSessionStore {
  load(userId: string, now: Date): Promise<StoredSession>;
  save(session: CoachingSession, expectedVersion: number, expiresAt: Date): Promise<void>;
}

export type EndReason = 'end' | 'reset' | 'completed';

/** What the completed-sessions table keeps: no message text, only the shape of the conversation. */
export interface CompletedSession {
  readonly userId: string;
  readonly sessionId: string;
  readonly userType?: UserType;
  readonly stagesReached: readonly string[];
  readonly completedAllStages: boolean;
  readonly turnCount: number;
  readonly crisisDetected: boolean;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly endReason: EndReason;
}

export interface CompletedSessionArchive {
  archive(summary: CompletedSession): Promise<void>;
}

export const newSession = (userId: string, now: Date, sessionId: string): CoachingSession => ({
  userId,
  sessionId,
  stageIndex: 0,
  stageQuestionCount: 0,
  maxStageReached: 0,
  completed: false,
  turnCount: 0,
  history: [],
  crisisDetected: false,
  crisisCount: 0,
  startedAt: now.toISOString(),
  lastActiveAt: now.toISOString(),
});

export const appendHistory = (history: readonly ChatMessage[], ...messages: ChatMessage[]): ChatMessage[] =>
  [...history, ...messages].slice(-HISTORY_KEPT);

export const isExpired = (session: Pick<CoachingSession, 'lastActiveAt'>, now: Date): boolean =>
  now.getTime() - new Date(session.lastActiveAt).getTime() >= SESSION_TTL_MS;
