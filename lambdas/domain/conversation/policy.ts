import { isPriorityTier, type CustomerTier } from '../customers/customer';
import { ConfigError } from '../errors';
import { INTENTS, type Intent } from '../nlu/intents';
import { QUEUES, type QueueName } from './types';

/** Limits that decide when the bot stops trying and hands the customer to a person. */
export interface EscalationLimits {
  /** Consecutive turns the bot could not understand */
  readonly lowConfidence: number;
  /** The same intent in a row without the bot making progress */
  readonly repeatedIntent: number;
  /** Invalid answers in one scenario step */
  readonly scenarioAttempts: number;
  /** Turns in one conversation */
  readonly turns: number;
}

export interface ConversationPolicy {
  readonly limits: EscalationLimits;
  /** VIP and PREMIUM customers reach a person sooner */
  readonly priorityLimits: EscalationLimits;
  readonly queueByIntent: Readonly<Record<Intent, QueueName>>;
  /** Conversation log retention */
  readonly retentionDays: number;
  /** A conversation idle this long starts over (scenario and counters reset) */
  readonly idleMinutes: number;
  readonly reservationHorizonDays: number;
  readonly reservationLeadMinutes: number;
  /** FAQ score that answers even when the intent is unclear or unrelated */
  readonly faqStrongScore: number;
}

export const DEFAULT_QUEUE_BY_INTENT: Readonly<Record<Intent, QueueName>> = {
  greeting: 'general',
  goodbye: 'general',
  product_inquiry: 'general',
  order_inquiry: 'orders',
  reservation: 'general',
  cancel_request: 'orders',
  payment_inquiry: 'payment',
  technical_support: 'tech-support',
  complaint: 'care',
  agent_request: 'general',
  callback_request: 'general',
  general_inquiry: 'general',
};

export const DEFAULT_POLICY: ConversationPolicy = {
  limits: { lowConfidence: 3, repeatedIntent: 3, scenarioAttempts: 3, turns: 20 },
  priorityLimits: { lowConfidence: 2, repeatedIntent: 2, scenarioAttempts: 2, turns: 12 },
  queueByIntent: DEFAULT_QUEUE_BY_INTENT,
  retentionDays: 90,
  idleMinutes: 30,
  reservationHorizonDays: 30,
  reservationLeadMinutes: 60,
  faqStrongScore: 0.6,
};

export const limitsFor = (policy: ConversationPolicy, tier?: CustomerTier): EscalationLimits =>
  tier && isPriorityTier(tier) ? policy.priorityLimits : policy.limits;

/**
 * Reads an intent → queue override such as `{"complaint":"care","reservation":"orders"}`
 * (configuration `QUEUE_MAP`); unknown intents or queues are configuration errors.
 */
export const parseQueueMap = (json: string | undefined): Readonly<Record<Intent, QueueName>> => {
  if (!json || json.trim() === '') return DEFAULT_QUEUE_BY_INTENT;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new ConfigError('QUEUE_MAP is not valid JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError('QUEUE_MAP must be an object');
  const out: Record<Intent, QueueName> = { ...DEFAULT_QUEUE_BY_INTENT };
  for (const [intent, queue] of Object.entries(parsed)) {
    if (!(INTENTS as readonly string[]).includes(intent)) throw new ConfigError(`QUEUE_MAP: unknown intent "${intent}"`);
    if (!(QUEUES as readonly string[]).includes(String(queue))) throw new ConfigError(`QUEUE_MAP: unknown queue "${String(queue)}"`);
    out[intent as Intent] = queue as QueueName;
  }
  return out;
};
