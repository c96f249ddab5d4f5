import type { TurnResult } from './types';

/**
 * What a conversation came to, for operations statistics. It only ever moves up this ladder
 * (abandoned → answered → callback → escalated): a conversation that was answered and then handed to
 * an agent counts as escalated. A conversation still open, or left without any answer, hand-off or
 * callback offer, is `abandoned`.
 */
export const OUTCOMES = ['abandoned', 'answered', 'callback', 'escalated'] as const;
export type ConversationOutcome = (typeof OUTCOMES)[number];

const RANK: Record<ConversationOutcome, number> = { abandoned: 0, answered: 1, callback: 2, escalated: 3 };

const SMALL_TALK = new Set(['greeting', 'goodbye']);

/** What one answer achieved on its own. */
export const turnOutcome = (result: Pick<TurnResult, 'action' | 'faq' | 'scenario' | 'intent'>): ConversationOutcome => {
  if (result.action === 'ESCALATE') return 'escalated';
  if (result.action === 'CALLBACK_OFFER') return 'callback';
  if (result.faq || result.scenario?.status === 'COMPLETED') return 'answered';
  if (result.action === 'ANSWER' && result.intent && !SMALL_TALK.has(result.intent) && result.scenario?.status !== 'CANCELLED') return 'answered';
  return 'abandoned';
};

/** The conversation's outcome after a turn: the higher of what it had and what this turn achieved. */
export const nextOutcome = (before: ConversationOutcome | undefined, turn: ConversationOutcome): ConversationOutcome =>
  before && RANK[before] >= RANK[turn] ? before : turn;

export const isOutcome = (value: unknown): value is ConversationOutcome => typeof value === 'string' && (OUTCOMES as readonly string[]).includes(value);
