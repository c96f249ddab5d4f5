import type { BusinessCalendar } from '../calendar';
import type { Clock } from '../clock';
import type { FaqCatalog } from '../faq/faq-catalog';
import type { FaqMatch } from '../faq/faq-matcher';
import { extractEntities, type Entities } from '../nlu/entities';
import type { Intent } from '../nlu/intents';
import type { OfflineIntentClassifier } from '../nlu/offline-classifier';
import type { IntentClassifier, IntentPrediction, NluSource } from '../nlu/ports';
import { thresholdFor } from '../nlu/thresholds';
import { normalizeText } from '../nlu/text';
import { maskFreeText } from '../pii';
import { decideEscalation } from './escalation';
import lexicon from './dialogue-lexicon.json';
import { nextOutcome, turnOutcome } from './outcome';
import { limitsFor, type ConversationPolicy } from './policy';
import type { ConversationStore, TurnRecord } from './ports';
import replies from './replies.json';
import { applyStep, isExitCommand, maskScenarioData, promptFor, scenarioName, startScenario, type ScenarioContext } from './scenarios';
import { newSession, type SessionState } from './session';
import { capText, stripMarkup, toSpeakable } from './speakable';
import type { Choice, ConversationAction, EscalationReason, FaqAnswer, ScenarioId, ScenarioOutcome, TurnInput, TurnResult } from './types';

/**
 * The customer-service brain, channel-neutral: one call per customer message. It loads the
 * session (1 read), understands the message (offline engine, or Bedrock/Lex with the offline
 * engine as fallback), answers from the FAQ, runs a guided scenario, or decides to escalate, then
 * appends the turn with the new session state (1 conditional write). Connect, Lex and Kakao
 * adapters only map the returned {@link TurnResult} to their own formats.
 */
export interface ConversationDeps {
  readonly store: ConversationStore;
  /** Primary engine (offline, or remote with offline fallback) */
  readonly classifier: IntentClassifier;
  /** Local engine for quick checks inside scenarios (never a remote call) */
  readonly offline: Pick<OfflineIntentClassifier, 'analyze'>;
  readonly faq: FaqCatalog;
  readonly clock: Clock;
  readonly calendar: BusinessCalendar;
  readonly policy: ConversationPolicy;
  /** Budget for the remote classifier in this turn (ms) */
  readonly classifyBudgetMs?: number;
}

/** Text beyond this is not read (a 10 000-character paste is still answered, from its start). */
export const MAX_INPUT_CHARS = 500;
export const MAX_ANSWER_CHARS = 1000;
const MAX_COMMIT_ATTEMPTS = 3;

/** FAQ categories that answer an intent without needing a strong score. */
const FAQ_CATEGORIES_BY_INTENT: Partial<Record<Intent, readonly string[]>> = {
  general_inquiry: ['general', 'delivery', 'return', 'order', 'payment', 'account'],
  order_inquiry: ['delivery', 'order'],
  cancel_request: ['order', 'return'],
  payment_inquiry: ['payment'],
  technical_support: ['account'],
  callback_request: [],
  product_inquiry: [],
};

/** Question-like wording: with it, "반품은 어떻게 해요" is an FAQ question, not a request to start a return. */
const QUESTION = /(어떻게|어디서|어디에|언제|며칠|얼마|방법|규정|기간|정책|가능한가|가능해|되나요|돼요\?|되요\?|뭐예요|뭔가요|인가요|나요\?|\?)/;

const SCENARIO_BY_INTENT: Partial<Record<Intent, ScenarioId>> = {
  product_inquiry: 'product',
  reservation: 'reservation',
  cancel_request: 'cancellation',
};

export const sanitizeInput = (text: string): string =>
  text
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u2028-\u202E\u2066-\u2069]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_INPUT_CHARS);

const negativeTone = (text: string): boolean => {
  const c = normalizeText(text).replace(/ /g, '');
  return lexicon.negativeTone.some((w) => c.includes(w));
};

const paymentProblem = (text: string): boolean => {
  const c = normalizeText(text).replace(/ /g, '');
  return lexicon.paymentProblem.some((w) => c.includes(w));
};

const label = (intent: Intent): string => (replies.intentLabels as Record<Intent, string>)[intent];

const menuChoices = (labels: readonly string[]): Choice[] => labels.map((l, i) => ({ label: l, value: l, dtmf: String(i + 1) }));

/** Mutable draft of one turn's answer. */
interface Draft {
  action: ConversationAction;
  text: string;
  speech?: string;
  choices: Choice[];
  faq?: FaqAnswer;
  scenario?: ScenarioOutcome;
  escalationReason?: EscalationReason;
  /** Whether this turn moved the conversation forward (for the repeated-intent rule) */
  progress: boolean;
}

interface Understanding {
  readonly prediction?: IntentPrediction;
  readonly entities: Entities;
}

/** Speech for a prompt with choices: "… 1번, 가전제품. 2번, 의류." */
const speakChoices = (text: string, choices: readonly Choice[]): string => {
  const keyed = choices.filter((c) => c.dtmf);
  if (keyed.length === 0) return toSpeakable(text);
  return `${toSpeakable(text)} ${keyed.map((c) => `${c.dtmf}번, ${toSpeakable(c.label)}.`).join(' ')}`;
};

export const handleTurn = async (input: TurnInput, deps: ConversationDeps): Promise<TurnResult> => {
  const text = sanitizeInput(input.text);
  let understanding: Understanding | undefined;
  const understand = async (): Promise<Understanding> => {
    if (understanding) return understanding;
    const now = deps.clock.now();
    const entities = extractEntities(text, now);
    if (text.length === 0) return (understanding = { entities });
    const prediction = input.hint ?? (await deps.classifier.classify(text, { sessionId: input.sessionId, budgetMs: deps.classifyBudgetMs }));
    return (understanding = { prediction, entities });
  };

  let last: TurnResult | undefined;
  for (let attempt = 0; attempt < MAX_COMMIT_ATTEMPTS; attempt++) {
    const now = deps.clock.now();
    const loaded = await deps.store.loadSession(input.sessionId);
    if (loaded && input.requestId && loaded.state.requestIds.includes(input.requestId) && loaded.lastResult) {
      return { ...loaded.lastResult, replayed: true };
    }
    let state = loaded?.state ?? newSession(input.channel, now);
    const idle = loaded?.expired || (state.lastAt && now.getTime() - new Date(state.lastAt).getTime() > deps.policy.idleMinutes * 60_000);
    if (idle) state = { ...newSession(input.channel, now), turn: state.turn, customerIndexed: state.customerIndexed };
    if (input.customer?.customerId && !state.customerId) state = { ...state, customerId: input.customer.customerId };
    if (input.customer?.tier) state = { ...state, tier: input.customer.tier };

    const turn = state.turn + 1;
    const { draft, next, prediction, entities } = await decide(state, text, input, deps, understand, turn);
    const result = finish(draft, prediction, entities, turn, input, deps, next, text);
    const record = toRecord(input, text, turn, now, state, next, result);
    last = result;
    if ((await deps.store.appendTurn(record)) === 'APPENDED') return result;
    // Another message of the same conversation took this turn number: answer on top of it.
  }
  // Still conflicting after retries (a burst of messages): answer without storing this one.
  return last as TurnResult;
};

interface Decision {
  readonly draft: Draft;
  readonly next: SessionState;
  readonly prediction?: IntentPrediction;
  readonly entities: Entities;
}

const decide = async (
  state: SessionState,
  text: string,
  input: TurnInput,
  deps: ConversationDeps,
  understand: () => Promise<Understanding>,
  turn: number,
): Promise<Decision> => {
  const limits = limitsFor(deps.policy, state.tier);
  const ctx: ScenarioContext = {
    now: deps.clock.now(),
    calendar: deps.calendar,
    customer: input.customer,
    reservationHorizonDays: deps.policy.reservationHorizonDays,
    reservationLeadMinutes: deps.policy.reservationLeadMinutes,
  };
  const said = maskFreeText(text).slice(0, 80);
  let next: SessionState = { ...state, turn, lastUserText: said || state.lastUserText };

  const escalate = (reason: EscalationReason, message: string, extra: Partial<Draft> = {}): Draft => ({
    action: 'ESCALATE',
    text: message,
    choices: [],
    escalationReason: reason,
    progress: true,
    ...extra,
  });

  // ------------------------------------------------------------ guided scenario in progress
  if (state.scenario) {
    const scenario = state.scenario;
    if (isExitCommand(text)) {
      next = { ...next, scenario: undefined, lowConfidenceStreak: 0 };
      return {
        draft: {
          action: 'ANSWER',
          text: replies.scenarioCancelled.replace('{scenario}', scenarioName(scenario.id)),
          choices: menuChoices(replies.mainMenu),
          scenario: { id: scenario.id, step: scenario.step, status: 'CANCELLED', data: maskScenarioData(scenario.data) },
          progress: true,
        },
        next,
        entities: {},
      };
    }
    const outcome = text.length === 0 ? ({ kind: 'invalid', message: replies.emptyInput } as const) : applyStep(scenario, text, ctx);
    const addNote = (note?: string) => (note ? { notes: [...next.notes, note].slice(-6) } : {});
    if (outcome.kind === 'advance' || outcome.kind === 'partial') {
      const advanced = outcome.state;
      next = { ...next, scenario: advanced, lowConfidenceStreak: 0, sameIntentStreak: 0, ...(outcome.kind === 'advance' ? addNote(outcome.note) : {}) };
      const prompt = promptFor(advanced, ctx);
      return {
        draft: {
          action: 'SCENARIO',
          text: outcome.kind === 'partial' ? outcome.message : prompt.text,
          choices: outcome.kind === 'partial' ? [] : [...prompt.choices],
          scenario: { id: advanced.id, step: advanced.step, status: 'ACTIVE', data: maskScenarioData(advanced.data) },
          progress: true,
        },
        next,
        entities: {},
      };
    }
    if (outcome.kind === 'complete') {
      next = { ...next, scenario: undefined, sameIntentStreak: 0, lowConfidenceStreak: 0, ...addNote(outcome.note) };
      return {
        draft: {
          action: 'ANSWER',
          text: `${outcome.message}\n${replies.faqFollowUp}`,
          choices: menuChoices(replies.afterAnswerChoices),
          scenario: { id: scenario.id, step: scenario.step, status: 'COMPLETED', data: outcome.data },
          progress: true,
        },
        next,
        entities: {},
      };
    }
    if (outcome.kind === 'handoff') {
      next = { ...next, scenario: undefined, ...addNote(outcome.note) };
      return {
        draft: escalate(outcome.reason, outcome.message, {
          scenario: { id: scenario.id, step: scenario.step, status: 'ESCALATED', data: maskScenarioData(outcome.data) },
        }),
        next,
        entities: {},
      };
    }
    if (outcome.kind === 'declined') {
      next = { ...next, scenario: undefined };
      return {
        draft: {
          action: 'ANSWER',
          text: outcome.message,
          choices: menuChoices(replies.mainMenu),
          scenario: { id: scenario.id, step: scenario.step, status: 'CANCELLED', data: maskScenarioData(scenario.data) },
          progress: true,
        },
        next,
        entities: {},
      };
    }
    // Invalid for this step. A customer asking for a person (or complaining) mid-scenario is not a typo.
    if (text.length > 0) {
      const local = deps.offline.analyze(text);
      const interrupt = local.confidence >= thresholdFor(local.intent) && ['agent_request', 'callback_request', 'complaint'].includes(local.intent);
      if (interrupt) {
        next = { ...next, scenario: undefined };
        return decideIntent(next, state, text, input, deps, { prediction: { intent: local.intent, confidence: local.confidence, source: 'offline' }, entities: {} }, turn, escalate, {
          id: scenario.id,
          step: scenario.step,
          status: 'ESCALATED',
          data: maskScenarioData(scenario.data),
        });
      }
    }
    const attempts = scenario.attempts + 1;
    if (attempts >= limits.scenarioAttempts) {
      next = { ...next, scenario: undefined, notes: [...next.notes, `${scenarioName(scenario.id)} ${scenario.step} 단계 입력 ${attempts}회 실패`].slice(-6) };
      return {
        draft: escalate('SCENARIO_INPUT_FAILED', replies.escalateScenarioFailed, {
          scenario: { id: scenario.id, step: scenario.step, status: 'ESCALATED', data: maskScenarioData(scenario.data) },
        }),
        next,
        entities: {},
      };
    }
    const retried = { ...scenario, attempts };
    next = { ...next, scenario: retried };
    const prompt = promptFor(retried, ctx);
    return {
      draft: {
        action: 'SCENARIO',
        text: outcome.message,
        choices: [...prompt.choices],
        scenario: { id: scenario.id, step: scenario.step, status: 'ACTIVE', data: maskScenarioData(scenario.data) },
        progress: false,
      },
      next,
      entities: {},
    };
  }

  // ------------------------------------------------------------ free conversation
  if (text.length === 0) {
    const streak = state.lowConfidenceStreak + 1;
    next = { ...next, lowConfidenceStreak: streak };
    if (streak >= limits.lowConfidence) return { draft: escalate('LOW_CONFIDENCE', replies.escalateLowConfidence), next, entities: {} };
    return { draft: { action: 'CLARIFY', text: replies.emptyInput, choices: [], progress: false }, next, entities: {} };
  }
  return decideIntent(next, state, text, input, deps, await understand(), turn, escalate);
};

const decideIntent = async (
  nextIn: SessionState,
  state: SessionState,
  text: string,
  input: TurnInput,
  deps: ConversationDeps,
  understanding: Understanding,
  turn: number,
  escalate: (reason: EscalationReason, message: string, extra?: Partial<Draft>) => Draft,
  interrupted?: ScenarioOutcome,
): Promise<Decision> => {
  const limits = limitsFor(deps.policy, state.tier);
  const { prediction, entities } = understanding;
  let next = nextIn;
  const intent = prediction?.intent;
  const confident = prediction !== undefined && prediction.confidence >= thresholdFor(prediction.intent);
  const faqMatch: FaqMatch | null = await deps.faq.match(text);
  const faqFits =
    faqMatch !== null &&
    (faqMatch.score >= deps.policy.faqStrongScore || (confident && intent !== undefined && (FAQ_CATEGORIES_BY_INTENT[intent] ?? []).includes(faqMatch.entry.category)));
  const result = (draft: Draft): Decision => ({ draft: interrupted && !draft.scenario ? { ...draft, scenario: interrupted } : draft, next, prediction, entities });

  const answerFaq = (match: FaqMatch): Draft => ({
    action: 'ANSWER',
    text: `${match.entry.answer}\n${replies.faqFollowUp}`,
    speech: `${toSpeakable(match.entry.spokenAnswer ?? match.entry.answer)} ${replies.faqFollowUp}`,
    choices: menuChoices(replies.afterAnswerChoices),
    faq: { id: match.entry.faqId, question: match.entry.question, answer: match.entry.answer, score: match.score },
    progress: !state.answeredFaqIds.includes(match.entry.faqId),
  });

  if (!confident || !intent) {
    if (faqMatch && faqMatch.score >= deps.policy.faqStrongScore) {
      next = { ...next, lowConfidenceStreak: 0, answeredFaqIds: [...new Set([...next.answeredFaqIds, faqMatch.entry.faqId])] };
      return result(answerFaq(faqMatch));
    }
    const streak = state.lowConfidenceStreak + 1;
    next = { ...next, lowConfidenceStreak: streak };
    if (streak >= limits.lowConfidence) return result(escalate('LOW_CONFIDENCE', replies.escalateLowConfidence));
    const guess = intent && !['greeting', 'goodbye'].includes(intent) ? intent : undefined;
    return result({
      action: 'CLARIFY',
      text: guess ? replies.clarifyWithGuess.replace('{guess}', label(guess)) : replies.clarify,
      choices: menuChoices(guess ? [...new Set([label(guess), ...replies.clarifyMenu])].slice(0, 4) : replies.clarifyMenu),
      progress: false,
    });
  }

  next = { ...next, lowConfidenceStreak: 0, intents: next.intents.at(-1) === intent ? next.intents : [...next.intents, intent].slice(-8) };
  if (entities.orderNumber) next = { ...next, notes: [...new Set([...next.notes, `주문번호 ${entities.orderNumber}`])].slice(-6) };

  let draft: Draft;
  const scenarioId = SCENARIO_BY_INTENT[intent];
  // "결제가 두 번 됐어요" is about the customer's own money, not about payment methods.
  const ownPayment = intent === 'payment_inquiry' && paymentProblem(text);
  if (faqFits && faqMatch && !ownPayment && (QUESTION.test(text) || !scenarioId)) {
    draft = answerFaq(faqMatch);
    next = { ...next, answeredFaqIds: [...new Set([...next.answeredFaqIds, faqMatch.entry.faqId])] };
  } else if (intent === 'greeting') {
    draft = { action: 'ANSWER', text: state.turn === 0 ? replies.welcome : replies.welcomeBack, choices: menuChoices(replies.mainMenu), progress: state.turn === 0 };
  } else if (intent === 'goodbye') {
    draft = { action: 'END', text: replies.goodbye, choices: [], progress: true };
    next = { ...next, ended: true };
  } else if (intent === 'agent_request') {
    draft = escalate('AGENT_REQUESTED', state.tier === 'VIP' || state.tier === 'PREMIUM' ? replies.agentTransferVip : replies.agentTransfer);
  } else if (intent === 'callback_request') {
    draft = { action: 'CALLBACK_OFFER', text: replies.callbackOffer, choices: [{ label: '콜백 예약', value: '콜백 예약', dtmf: '1' }, { label: '상담원 연결', value: '상담원 연결', dtmf: '2' }], progress: true };
  } else if (intent === 'complaint') {
    const vip = state.tier === 'VIP' || state.tier === 'PREMIUM';
    if (negativeTone(text)) draft = escalate('COMPLAINT_NEGATIVE', replies.complaintEscalate);
    else if (vip) draft = escalate('COMPLAINT_VIP', replies.complaintEscalate);
    else draft = { action: 'ANSWER', text: replies.complaintListen, choices: menuChoices(replies.complaintChoices), progress: false };
  } else if (intent === 'payment_inquiry') {
    draft = escalate('IDENTITY_REQUIRED', replies.paymentNeedsAgent);
  } else if (scenarioId) {
    const ctx: ScenarioContext = {
      now: deps.clock.now(),
      calendar: deps.calendar,
      customer: input.customer,
      reservationHorizonDays: deps.policy.reservationHorizonDays,
      reservationLeadMinutes: deps.policy.reservationLeadMinutes,
    };
    const started = startScenario(scenarioId, text, ctx);
    const prompt = promptFor(started, ctx);
    next = { ...next, scenario: started };
    draft = {
      action: 'SCENARIO',
      text: prompt.text,
      choices: [...prompt.choices],
      scenario: { id: started.id, step: started.step, status: 'ACTIVE', data: maskScenarioData(started.data) },
      progress: true,
    };
  } else if (intent === 'order_inquiry') {
    draft = { action: 'ANSWER', text: replies.orderInquiryDefault, choices: menuChoices(replies.afterAnswerChoices), progress: state.lastIntent !== intent };
  } else if (intent === 'technical_support') {
    draft = { action: 'ANSWER', text: replies.techSupportDefault, choices: menuChoices(replies.afterAnswerChoices), progress: state.lastIntent !== intent };
  } else {
    draft = { action: 'ANSWER', text: replies.generalInquiryDefault, choices: menuChoices(replies.clarifyMenu), progress: false };
  }

  // Same intent again and again without the bot getting anywhere: a person will do better.
  const sameStreak = state.lastIntent === intent && !draft.progress ? state.sameIntentStreak + 1 : 1;
  next = { ...next, lastIntent: intent, sameIntentStreak: draft.progress ? 1 : sameStreak };
  if (draft.action !== 'ESCALATE' && draft.action !== 'END' && sameStreak >= limits.repeatedIntent) {
    draft = escalate('REPEATED_INTENT', replies.escalateRepeated);
    next = { ...next, scenario: undefined };
  }
  return result(draft);
};

const finish = (
  draft: Draft,
  prediction: IntentPrediction | undefined,
  entities: Entities,
  turn: number,
  input: TurnInput,
  deps: ConversationDeps,
  next: SessionState,
  text: string,
): TurnResult => {
  let d = draft;
  const limits = limitsFor(deps.policy, next.tier);
  if (turn >= limits.turns && d.action !== 'ESCALATE' && d.action !== 'END') {
    d = { action: 'ESCALATE', text: replies.escalateTurnLimit, choices: [], escalationReason: 'TURN_LIMIT', progress: true, scenario: d.scenario };
  }
  const escalation = d.action === 'ESCALATE' ? decideEscalation(deps.policy, next, d.escalationReason ?? 'SYSTEM_ERROR', prediction?.intent, text, turn) : undefined;
  const display = capText(stripMarkup(d.text), MAX_ANSWER_CHARS);
  const speech = capText(d.speech ? toSpeakable(d.speech) : input.channel === 'VOICE' ? speakChoices(d.text, d.choices) : toSpeakable(d.text), MAX_ANSWER_CHARS);
  const source: NluSource = prediction?.source ?? 'rule';
  return {
    action: d.action,
    text: display,
    speech,
    ...(prediction ? { intent: prediction.intent } : {}),
    confidence: prediction?.confidence ?? 0,
    source,
    ...(d.faq ? { faq: d.faq } : {}),
    choices: d.choices,
    ...(d.scenario ? { scenario: d.scenario } : {}),
    ...(escalation ? { escalation } : {}),
    entities,
    turn,
  };
};

const toRecord = (
  input: TurnInput,
  text: string,
  turn: number,
  now: Date,
  before: SessionState,
  after: SessionState,
  result: TurnResult,
): TurnRecord => {
  const indexesCustomer = Boolean(after.customerId) && !before.customerIndexed;
  // A fresh session (first turn, or the first after the idle timeout restarted it) has no lastAt:
  // that turn opens a conversation and carries the by-day key, so operations list every session.
  const opensConversation = turn === 1 || before.turn === 0 || before.lastAt === undefined;
  const outcome = nextOutcome(before.outcome, turnOutcome(result));
  const state: SessionState = {
    ...after,
    outcome,
    lastAt: now.toISOString(),
    customerIndexed: before.customerIndexed || indexesCustomer,
    escalated: after.escalated || result.action === 'ESCALATE',
    requestIds: input.requestId ? [...after.requestIds, input.requestId].slice(-5) : after.requestIds,
  };
  // The stored copy of the answer never holds a raw phone number.
  const stored: TurnResult = {
    ...result,
    ...(result.scenario ? { scenario: { ...result.scenario, data: maskScenarioData(result.scenario.data) } } : {}),
    entities: result.entities.phone ? { ...result.entities, phone: { ...result.entities.phone, e164: '', national: result.entities.phone.masked } } : result.entities,
  };
  return {
    conversationId: input.sessionId,
    turn,
    at: now.toISOString(),
    channel: input.channel,
    userText: maskFreeText(text),
    ...(result.intent ? { intent: result.intent } : {}),
    confidence: result.confidence,
    source: result.source,
    action: result.action,
    answer: result.text,
    ...(result.faq ? { faqId: result.faq.id } : {}),
    ...(result.scenario ? { scenarioId: result.scenario.id, scenarioStep: result.scenario.step } : {}),
    ...(result.escalation ? { escalation: result.escalation } : {}),
    ...(input.requestId ? { requestId: input.requestId } : {}),
    ...(after.customerId ? { customerId: after.customerId } : {}),
    opensConversation,
    indexesCustomer,
    outcome,
    ...(before.outcome && !opensConversation ? { previousOutcome: before.outcome } : {}),
    state,
    result: stored,
  };
};
