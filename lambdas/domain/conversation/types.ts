import type { CustomerTier } from '../customers/customer';
import type { Entities } from '../nlu/entities';
import type { Intent } from '../nlu/intents';
import type { NluSource } from '../nlu/ports';

/** Where the customer is talking from; the brain is the same, only the wording of choices differs. */
export const CHANNELS = ['VOICE', 'CHAT', 'KAKAO'] as const;
export type Channel = (typeof CHANNELS)[number];

export const ACTIONS = ['ANSWER', 'CLARIFY', 'SCENARIO', 'ESCALATE', 'CALLBACK_OFFER', 'END'] as const;
export type ConversationAction = (typeof ACTIONS)[number];

export const SCENARIO_IDS = ['product', 'reservation', 'cancellation'] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

export const REASON_CODES = [
  'AGENT_REQUESTED',
  'COMPLAINT_NEGATIVE',
  'COMPLAINT_VIP',
  'IDENTITY_REQUIRED',
  'LOW_CONFIDENCE',
  'REPEATED_INTENT',
  'TURN_LIMIT',
  'SCENARIO_INPUT_FAILED',
  'SCENARIO_HANDOFF',
  'SYSTEM_ERROR',
] as const;
export type EscalationReason = (typeof REASON_CODES)[number];

/** Logical queues; the contact flow maps them to Connect queue ARNs. */
export const QUEUES = ['general', 'orders', 'payment', 'tech-support', 'care', 'vip'] as const;
export type QueueName = (typeof QUEUES)[number];

export interface CustomerContext {
  readonly customerId?: string;
  readonly tier?: CustomerTier;
  /** Identity verified by the channel (Connect: PIN / customer-validation VERIFIED) */
  readonly verified?: boolean;
  /** The number the customer is calling from (E.164), offered as the reservation contact */
  readonly phoneE164?: string;
}

/** A recognised intent handed in by the channel (e.g. the Lex bot already interpreted the speech). */
export interface IntentHint {
  readonly intent: Intent;
  readonly confidence: number;
  readonly source: NluSource;
}

export interface TurnInput {
  /** Conversation id: Connect contact id, Lex session, or the Kakao session key */
  readonly sessionId: string;
  readonly channel: Channel;
  readonly text: string;
  /** Idempotency key: a redelivered request with the same key never creates a second turn */
  readonly requestId?: string;
  readonly customer?: CustomerContext;
  readonly hint?: IntentHint;
}

export interface Choice {
  /** Short label for quick replies and buttons (≤ 14 characters) */
  readonly label: string;
  /** What to send back when chosen */
  readonly value: string;
  /** Key for DTMF menus on the phone */
  readonly dtmf?: string;
}

export interface EscalationDecision {
  readonly queue: QueueName;
  /** 1 (highest) – 5 */
  readonly priority: number;
  readonly reasonCode: EscalationReason;
  /** ≤ 200 characters, Korean, PII masked: shown on the agent's screen */
  readonly summary: string;
}

export type ScenarioStatus = 'ACTIVE' | 'COMPLETED' | 'CANCELLED' | 'ESCALATED';

export interface ScenarioOutcome {
  readonly id: ScenarioId;
  readonly step: string;
  readonly status: ScenarioStatus;
  /** Collected values (raw: the channel may need them, e.g. reservation time and phone) */
  readonly data: Readonly<Record<string, string>>;
}

export interface FaqAnswer {
  readonly id: string;
  readonly question: string;
  readonly answer: string;
  readonly score: number;
}

export interface TurnResult {
  readonly action: ConversationAction;
  /** Display text (chat, Kakao): no emoji, no markdown */
  readonly text: string;
  /** The same answer for speech (Polly): no symbols, choices read out with their keys */
  readonly speech: string;
  readonly intent?: Intent;
  readonly confidence: number;
  readonly source: NluSource;
  readonly faq?: FaqAnswer;
  readonly choices: readonly Choice[];
  readonly scenario?: ScenarioOutcome;
  readonly escalation?: EscalationDecision;
  readonly entities: Entities;
  /** Turn number of this answer in the conversation (1-based) */
  readonly turn: number;
  /** True when this is the stored answer of a redelivered request */
  readonly replayed?: boolean;
}
