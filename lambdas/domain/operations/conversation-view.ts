import { toSeoul } from '../calendar';
import type { ConversationOutcome } from '../conversation/outcome';
import type { TurnRecord } from '../conversation/ports';
import type { Channel, EscalationDecision } from '../conversation/types';
import { maskFreeText } from '../pii';

/**
 * A conversation as supervisors see it: its turns in order with what the customer said (masked
 * when stored, masked again here in case an answer echoed something), what the bot did and why.
 */
export interface TurnView {
  readonly turn: number;
  readonly at: string;
  /** Start of the session this turn belongs to (a conversation id can hold several after idle restarts) */
  readonly sessionStartedAt: string;
  readonly userText: string;
  readonly intent: string | null;
  readonly confidence: number;
  readonly source: string;
  readonly action: string;
  readonly answer: string;
  readonly faqId: string | null;
  readonly scenario: { readonly id: string; readonly step: string; readonly status: string } | null;
  readonly escalation: EscalationDecision | null;
  readonly outcome: ConversationOutcome;
}

export interface ConversationDetail {
  readonly conversationId: string;
  readonly channel: Channel;
  readonly startedAt: string;
  readonly lastAt: string;
  readonly customerId: string | null;
  readonly tier: string | null;
  readonly outcome: ConversationOutcome;
  readonly turnCount: number;
  readonly turns: readonly TurnView[];
}

export const toConversationDetail = (conversationId: string, turns: readonly TurnRecord[]): ConversationDetail | undefined => {
  const first = turns[0];
  const last = turns.at(-1);
  if (!first || !last) return undefined;
  return {
    conversationId,
    channel: first.channel,
    startedAt: first.state.startedAt,
    lastAt: last.at,
    customerId: turns.find((t) => t.customerId)?.customerId ?? null,
    tier: last.state.tier ?? null,
    outcome: last.outcome,
    turnCount: turns.length,
    turns: turns.map((t) => ({
      turn: t.turn,
      at: t.at,
      sessionStartedAt: t.state.startedAt,
      userText: maskFreeText(t.userText),
      intent: t.intent ?? null,
      confidence: Math.round(t.confidence * 1000) / 1000,
      source: t.source,
      action: t.action,
      answer: maskFreeText(t.answer),
      faqId: t.faqId ?? null,
      scenario: t.result.scenario ? { id: t.result.scenario.id, step: t.result.scenario.step, status: t.result.scenario.status } : null,
      escalation: t.escalation ? { ...t.escalation, summary: maskFreeText(t.escalation.summary) } : null,
      outcome: t.outcome,
    })),
  };
};

export const CSV_COLUMNS = [
  'conversationId',
  'turn',
  'at',
  'seoulTime',
  'channel',
  'userText',
  'intent',
  'confidence',
  'action',
  'answer',
  'faqId',
  'scenario',
  'escalationQueue',
  'escalationPriority',
  'escalationReason',
  'escalationSummary',
  'outcome',
] as const;

/**
 * RFC 4180 field: quoted when needed; a value starting with = + - @ (or a tab/CR) is prefixed
 * with an apostrophe so Excel never evaluates customer text as a formula.
 */
export const csvField = (value: string | number | null): string => {
  let s = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** CSV for Excel: UTF-8 with a byte-order mark (so Hangul opens correctly), CRLF line ends. */
export const conversationCsv = (detail: ConversationDetail): string => {
  const rows = detail.turns.map((t) => {
    const seoul = toSeoul(new Date(t.at));
    return [
      detail.conversationId,
      t.turn,
      t.at,
      `${seoul.dateKey} ${String(seoul.hour).padStart(2, '0')}:${String(seoul.minute).padStart(2, '0')}`,
      detail.channel,
      t.userText,
      t.intent,
      t.confidence,
      t.action,
      t.answer,
      t.faqId,
      t.scenario ? `${t.scenario.id}/${t.scenario.step}/${t.scenario.status}` : null,
      t.escalation?.queue ?? null,
      t.escalation?.priority ?? null,
      t.escalation?.reasonCode ?? null,
      t.escalation?.summary ?? null,
      t.outcome,
    ].map(csvField);
  });
  return `\uFEFF${[CSV_COLUMNS.join(','), ...rows.map((r) => r.join(','))].join('\r\n')}\r\n`;
};
