import type { Intent } from '../nlu/intents';
import type { NluSource } from '../nlu/ports';
import type { ConversationOutcome } from './outcome';
import type { LoadedSession, SessionState } from './session';
import type { Channel, ConversationAction, EscalationDecision, TurnResult } from './types';

/**
 * One turn as logged: user text masked, answer, decision, and the session state after the turn.
 * The conversation table holds one item per turn (partition = conversation id, sort = turn).
 */
export interface TurnRecord {
  readonly conversationId: string;
  readonly turn: number;
  readonly at: string;
  readonly channel: Channel;
  readonly userText: string;
  readonly intent?: Intent;
  readonly confidence: number;
  readonly source: NluSource;
  readonly action: ConversationAction;
  readonly answer: string;
  readonly faqId?: string;
  readonly scenarioId?: string;
  readonly scenarioStep?: string;
  readonly escalation?: EscalationDecision;
  readonly requestId?: string;
  readonly customerId?: string;
  /** First turn of the conversation: carries the by-day index key */
  readonly opensConversation: boolean;
  /** First turn that knows the customer: carries the by-customer index key */
  readonly indexesCustomer: boolean;
  /** The conversation's outcome after this turn, and before it (absent on the turn that opens it) */
  readonly outcome: ConversationOutcome;
  readonly previousOutcome?: ConversationOutcome;
  readonly state: SessionState;
  readonly result: TurnResult;
}

/**
 * Port: session state and conversation log in one. The latest turn of a conversation *is* its
 * session, so a turn costs exactly two requests: read the latest turn, then write the next one
 * on the condition that its turn number is still free. A concurrent turn that took the number
 * first makes the write report CONFLICT; the use case reloads and answers on top of it, so two
 * messages sent at the same moment both land and neither overwrites the other.
 */
export interface ConversationStore {
  loadSession(conversationId: string): Promise<LoadedSession | undefined>;
  appendTurn(record: TurnRecord): Promise<'APPENDED' | 'CONFLICT'>;
}

/** Read side used by operations (issue 8) and tests. */
export interface ConversationLog {
  listTurns(conversationId: string): Promise<readonly TurnRecord[]>;
}
