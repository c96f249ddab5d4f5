import { toSeoul } from '../calendar';
import { OUTCOMES, type ConversationOutcome } from '../conversation/outcome';
import { CHANNELS, REASON_CODES, type Channel, type ConversationAction, type EscalationReason } from '../conversation/types';
import { INTENTS, isIntent } from '../nlu/intents';

/**
 * Operations statistics per Seoul day and channel, kept as atomic counters: every counted event
 * (a conversation turn, a coaching session change) adds to the counters of its day in one
 * conditional write that also records the event's sequence number, so an event delivered twice
 * (stream retries, a batch bisected after an error) is counted once. Nothing is ever computed by
 * scanning conversations.
 *
 * Attribution: a turn counts on the Seoul day its conversation started (a conversation that runs
 * past midnight stays on one day, so its outcome moves between counters of the same day).
 */

/** One stored conversation turn, as the statistics see it (built from the turn item). */
export interface TurnFact {
  readonly conversationId: string;
  readonly turn: number;
  readonly channel: Channel;
  /** Start of the conversation (ISO): decides the day counted on */
  readonly startedAt: string;
  readonly intent?: string;
  readonly action: ConversationAction;
  readonly faqId?: string;
  readonly scenarioId?: string;
  readonly escalationReason?: EscalationReason;
  readonly opensConversation: boolean;
  readonly outcome: ConversationOutcome;
  readonly previousOutcome?: ConversationOutcome;
}

/** A coaching session written (old and new image): crisis detections are the growth of its crisis count. */
export interface CoachingSnapshot {
  readonly sessionId: string;
  readonly crisisCount: number;
  readonly lastActiveAt: string;
}

export interface CoachingFact {
  readonly userId: string;
  /** The session item's version after the write (monotonic per user) */
  readonly version: number;
  readonly before?: CoachingSnapshot;
  readonly after: CoachingSnapshot;
}

/** One counted event: which counters of which day/channel to add to, and its dedup identity. */
export interface CounterUpdate {
  readonly day: string;
  readonly channel: Channel;
  /** Counting unit (conversation id, coaching user id): spreads a day over buckets, owns the dedup set */
  readonly owner: string;
  readonly ownerKind: 'conversation' | 'coaching';
  /** Turn number / session version: each is counted at most once per owner */
  readonly sequence: number;
  readonly increments: Readonly<Record<string, number>>;
}

export type ApplyResult = 'APPLIED' | 'DUPLICATE' | 'NOTHING';

/** Port: the counter store (DynamoDB statistics table). */
export interface StatisticsStore {
  apply(update: CounterUpdate): Promise<ApplyResult>;
  /** Summed counters of one Seoul day, per channel (channels without activity are absent). */
  readDay(day: string): Promise<Partial<Record<Channel, Readonly<Record<string, number>>>>>;
}

/** Every counter name there can be (the store reads exactly these). */
export const COUNTER_NAMES: readonly string[] = [
  'conversations',
  'turns',
  'faqHits',
  'questions',
  'escalations',
  'crisisDetections',
  ...INTENTS.map((i) => `intent_${i}`),
  'intent_none',
  ...OUTCOMES.map((o) => `outcome_${o}`),
  ...REASON_CODES.map((r) => `reason_${r}`),
];

const SMALL_TALK = new Set(['greeting', 'goodbye', 'agent_request', 'callback_request']);

/**
 * A question the FAQ could have answered: a free-conversation turn (not inside a guided scenario)
 * that the bot answered or had to ask again about, other than small talk and requests for a person.
 */
const isQuestion = (fact: TurnFact): boolean =>
  !fact.scenarioId && (fact.action === 'ANSWER' || fact.action === 'CLARIFY') && !(fact.intent && SMALL_TALK.has(fact.intent));

export const turnUpdate = (fact: TurnFact): CounterUpdate => {
  const inc: Record<string, number> = { turns: 1 };
  const add = (name: string, n = 1) => {
    inc[name] = (inc[name] ?? 0) + n;
  };
  add(isIntent(fact.intent) ? `intent_${fact.intent}` : 'intent_none');
  if (fact.faqId) add('faqHits');
  if (fact.faqId || isQuestion(fact)) add('questions');
  if (fact.action === 'ESCALATE') {
    add('escalations');
    if (fact.escalationReason) add(`reason_${fact.escalationReason}`);
  }
  if (fact.opensConversation || !fact.previousOutcome) {
    add('conversations');
    add(`outcome_${fact.outcome}`);
  } else if (fact.previousOutcome !== fact.outcome) {
    add(`outcome_${fact.previousOutcome}`, -1);
    add(`outcome_${fact.outcome}`);
  }
  return {
    day: toSeoul(new Date(fact.startedAt)).dateKey,
    channel: fact.channel,
    owner: fact.conversationId,
    ownerKind: 'conversation',
    sequence: fact.turn,
    increments: inc,
  };
};

/** Crisis detections of a coaching write, or undefined when the write detected none. */
export const coachingUpdate = (fact: CoachingFact): CounterUpdate | undefined => {
  const sameSession = fact.before?.sessionId === fact.after.sessionId;
  const detections = fact.after.crisisCount - (sameSession && fact.before ? fact.before.crisisCount : 0);
  if (detections <= 0) return undefined;
  return {
    day: toSeoul(new Date(fact.after.lastActiveAt)).dateKey,
    channel: 'KAKAO',
    owner: fact.userId,
    ownerKind: 'coaching',
    sequence: fact.version,
    increments: { crisisDetections: detections },
  };
};

/** The use case the stream consumer (AWS) and the in-process hook (local) both call. */
export const countTurn = (fact: TurnFact, store: StatisticsStore): Promise<ApplyResult> => store.apply(turnUpdate(fact));

export const countCoaching = async (fact: CoachingFact, store: StatisticsStore): Promise<ApplyResult> => {
  const update = coachingUpdate(fact);
  return update ? store.apply(update) : 'NOTHING';
};

// ------------------------------------------------------------------ read model

export interface ChannelStatistics {
  readonly conversations: number;
  readonly turns: number;
  readonly intents: Record<string, number>;
  readonly outcomes: Record<ConversationOutcome, number>;
  readonly faq: { readonly hits: number; readonly questions: number; readonly hitRate: number | null };
  readonly escalations: number;
  readonly escalationReasons: Record<string, number>;
  readonly crisisDetections: number;
}

export interface DayStatistics {
  readonly day: string;
  readonly channels: Partial<Record<Channel, ChannelStatistics>>;
  readonly total: ChannelStatistics;
}

const toChannelStatistics = (c: Readonly<Record<string, number>>): ChannelStatistics => {
  const n = (name: string) => c[name] ?? 0;
  const pick = (prefix: string, names: readonly string[]) =>
    Object.fromEntries(names.map((x) => [x, n(`${prefix}${x}`)]).filter(([, v]) => v !== 0)) as Record<string, number>;
  const hits = n('faqHits');
  const questions = n('questions');
  return {
    conversations: n('conversations'),
    turns: n('turns'),
    intents: pick('intent_', [...INTENTS, 'none']),
    outcomes: Object.fromEntries(OUTCOMES.map((o) => [o, n(`outcome_${o}`)])) as Record<ConversationOutcome, number>,
    faq: { hits, questions, hitRate: questions > 0 ? Math.round((hits / questions) * 1000) / 1000 : null },
    escalations: n('escalations'),
    escalationReasons: pick('reason_', REASON_CODES),
    crisisDetections: n('crisisDetections'),
  };
};

export const readDailyStatistics = async (days: readonly string[], store: StatisticsStore, channel?: Channel): Promise<DayStatistics[]> => {
  const out: DayStatistics[] = [];
  for (const day of days) {
    const raw = await store.readDay(day);
    const channels: Partial<Record<Channel, ChannelStatistics>> = {};
    const sum: Record<string, number> = {};
    for (const ch of CHANNELS) {
      const counters = raw[ch];
      if (!counters || (channel && ch !== channel)) continue;
      channels[ch] = toChannelStatistics(counters);
      for (const [k, v] of Object.entries(counters)) sum[k] = (sum[k] ?? 0) + v;
    }
    out.push({ day, channels, total: toChannelStatistics(sum) });
  }
  return out;
};
