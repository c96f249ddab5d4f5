import { isPriorityTier, type CustomerTier } from '../customers/customer';
import type { Intent } from '../nlu/intents';
import { maskFreeText } from '../pii';
import type { ConversationPolicy } from './policy';
import replies from './replies.json';
import type { SessionState } from './session';
import type { EscalationDecision, EscalationReason, QueueName } from './types';

export const SUMMARY_MAX_CHARS = 200;

/** Base routing priority per reason (1 highest – 5); priority tiers always get 1. */
const BASE_PRIORITY: Record<EscalationReason, number> = {
  COMPLAINT_NEGATIVE: 2,
  COMPLAINT_VIP: 1,
  SYSTEM_ERROR: 2,
  IDENTITY_REQUIRED: 3,
  AGENT_REQUESTED: 3,
  SCENARIO_INPUT_FAILED: 3,
  SCENARIO_HANDOFF: 3,
  REPEATED_INTENT: 3,
  LOW_CONFIDENCE: 4,
  TURN_LIMIT: 4,
};

const META: ReadonlySet<Intent> = new Set(['greeting', 'goodbye', 'agent_request', 'callback_request']);

/** The intent the customer actually came for: the latest one that is not small talk or a request for a person. */
export const topicIntent = (state: SessionState, current?: Intent): Intent | undefined =>
  [...state.intents, ...(current ? [current] : [])].reverse().find((i) => !META.has(i)) ?? current;

export const priorityFor = (reason: EscalationReason, tier?: CustomerTier): number => {
  if (tier && isPriorityTier(tier)) return 1;
  const base = BASE_PRIORITY[reason];
  return tier === 'CORPORATE' ? Math.max(1, base - 1) : base;
};

export const queueFor = (policy: ConversationPolicy, intent: Intent | undefined, tier?: CustomerTier): QueueName => {
  if (tier && isPriorityTier(tier)) return 'vip';
  return intent ? policy.queueByIntent[intent] : 'general';
};

const intentLabel = (intent: Intent): string => (replies.intentLabels as Record<Intent, string>)[intent];

/**
 * ≤ 200 characters for the agent's screen: tier, what the customer wanted, facts collected, why
 * the bot handed over, the last thing said (masked), and the number of turns.
 */
export const buildSummary = (state: SessionState, reason: EscalationReason, lastText: string, turn: number): string => {
  const parts: string[] = [];
  const tier = state.tier && isPriorityTier(state.tier) ? `[${state.tier}] ` : '';
  const topics = state.intents.filter((i) => i !== 'greeting' && i !== 'goodbye').slice(-3).map(intentLabel);
  parts.push(`${tier}${topics.length > 0 ? topics.join(' > ') : '문의'}`);
  if (state.notes.length > 0) parts.push(state.notes.slice(-3).join(', '));
  parts.push(`전환 사유: ${(replies.reasonLabels as Record<EscalationReason, string>)[reason]}`);
  const said = maskFreeText(lastText).replace(/\s+/g, ' ').trim();
  if (said) parts.push(`최근 발화: "${said.length > 40 ? `${said.slice(0, 39)}…` : said}"`);
  parts.push(`${turn}턴`);
  const summary = parts.join(' | ');
  return summary.length <= SUMMARY_MAX_CHARS ? summary : `${summary.slice(0, SUMMARY_MAX_CHARS - 1)}…`;
};

export const decideEscalation = (
  policy: ConversationPolicy,
  state: SessionState,
  reason: EscalationReason,
  intent: Intent | undefined,
  lastText: string,
  turn: number,
): EscalationDecision => ({
  queue: queueFor(policy, reason === 'COMPLAINT_NEGATIVE' || reason === 'COMPLAINT_VIP' ? 'complaint' : topicIntent(state, intent), state.tier),
  priority: priorityFor(reason, state.tier),
  reasonCode: reason,
  summary: buildSummary(state, reason, lastText, turn),
});
