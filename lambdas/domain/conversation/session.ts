import type { CustomerTier } from '../customers/customer';
import type { Intent } from '../nlu/intents';
import type { ConversationOutcome } from './outcome';
import type { Channel, ScenarioId, TurnResult } from './types';

/** Progress inside a guided scenario. */
export interface ScenarioState {
  readonly id: ScenarioId;
  readonly step: string;
  /** Invalid answers in the current step */
  readonly attempts: number;
  readonly data: Readonly<Record<string, string>>;
}

/**
 * What the bot remembers between turns. Stored with every turn (the latest turn's copy is the
 * session), so it holds no raw PII: collected phone numbers are kept masked.
 */
export interface SessionState {
  /** Last committed turn number (0 = new conversation) */
  readonly turn: number;
  readonly startedAt: string;
  readonly lastAt?: string;
  readonly channel: Channel;
  readonly customerId?: string;
  readonly tier?: CustomerTier;
  /** Whether a turn already carries the by-customer index key */
  readonly customerIndexed: boolean;
  readonly scenario?: ScenarioState;
  readonly lowConfidenceStreak: number;
  readonly lastIntent?: Intent;
  readonly sameIntentStreak: number;
  readonly answeredFaqIds: readonly string[];
  /** Intents seen, in order, without repeats (for the agent's summary) */
  readonly intents: readonly Intent[];
  /** Short masked facts for the agent's summary ("주문번호 20261124-0012345") */
  readonly notes: readonly string[];
  /** Last user utterance, masked and shortened */
  readonly lastUserText?: string;
  /** Idempotency keys of the most recent requests */
  readonly requestIds: readonly string[];
  readonly escalated: boolean;
  readonly ended: boolean;
  /** What the conversation has come to so far (operations statistics); absent before the first turn */
  readonly outcome?: ConversationOutcome;
}

export const newSession = (channel: Channel, now: Date): SessionState => ({
  turn: 0,
  startedAt: now.toISOString(),
  channel,
  customerIndexed: false,
  lowConfidenceStreak: 0,
  sameIntentStreak: 0,
  answeredFaqIds: [],
  intents: [],
  notes: [],
  requestIds: [],
  escalated: false,
  ended: false,
});

/** Loaded from the store: the session plus the answer of its last turn (for redelivered requests). */
export interface LoadedSession {
  readonly state: SessionState;
  readonly lastResult?: TurnResult;
  /** Past the log retention: start over, keep counting turns */
  readonly expired?: boolean;
}
