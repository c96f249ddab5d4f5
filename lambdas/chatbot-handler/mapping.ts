import type { CustomerTier } from '@domain/customers/customer';
import { CUSTOMER_TIERS } from '@domain/customers/customer';
import type { Channel, CustomerContext, IntentHint, TurnInput, TurnResult } from '@domain/conversation/types';
import replies from '@domain/conversation/replies.json';
import { isIntent } from '@domain/nlu/intents';
import { tryParsePhoneNumber } from '@domain/phone';
import { toStringMap, type ConnectInput, type StringMap } from '../platform/connect';
import type { LexEvent } from '../platform/lex';

/**
 * Channel mapping for chatbot-handler: Connect events and Lex code-hook events in, the
 * channel-neutral TurnResult out as Connect's flat string map or Lex session attributes.
 */
export const CONNECT_RESPONSE_MAX_TEXT = 1000;

const tierOf = (value: string | undefined): CustomerTier | undefined =>
  value && (CUSTOMER_TIERS as readonly string[]).includes(value.toUpperCase()) ? (value.toUpperCase() as CustomerTier) : undefined;

/** Customer context from flow attributes (copied from customer-validation's answer) or parameters. */
export const customerFrom = (values: Readonly<Record<string, string | undefined>>, callerAddress?: string): CustomerContext | undefined => {
  const customerId = values.customerId?.trim() || undefined;
  const tier = tierOf(values.tier);
  const verified = values.verificationResult === 'VERIFIED' || values.verified === 'true';
  const phone = tryParsePhoneNumber(callerAddress ?? values.phoneE164);
  if (!customerId && !tier && !phone) return undefined;
  return { ...(customerId ? { customerId } : {}), ...(tier ? { tier } : {}), verified, ...(phone ? { phoneE164: phone.e164 } : {}) };
};

export const connectTurnInput = (input: ConnectInput): TurnInput => {
  const p = input.parameters;
  const a = input.attributes;
  const text = p.userInput ?? p.transcript ?? p.lexTranscript ?? a.lexTranscript ?? '';
  const channel: Channel = input.channel.toUpperCase() === 'VOICE' ? 'VOICE' : 'CHAT';
  const customer = customerFrom({ ...a, ...p }, input.customerAddress);
  return {
    sessionId: input.contactId,
    channel,
    text,
    ...(p.requestId ? { requestId: p.requestId } : {}),
    ...(customer ? { customer } : {}),
  };
};

/** Everything the contact flow branches on, as strings (empty when not applicable). */
export const resultAttributes = (result: TurnResult, channel: Channel): Record<string, string> => {
  const data = result.scenario?.status === 'COMPLETED' ? result.scenario.data : {};
  return {
    nextAction: result.action,
    responseText: (channel === 'VOICE' ? result.speech : result.text).slice(0, CONNECT_RESPONSE_MAX_TEXT),
    intent: result.intent ?? '',
    confidence: result.confidence.toFixed(2),
    nluSource: result.source,
    faqId: result.faq?.id ?? '',
    scenarioId: result.scenario?.id ?? '',
    scenarioStep: result.scenario?.step ?? '',
    scenarioStatus: result.scenario?.status ?? '',
    targetQueue: result.escalation?.queue ?? '',
    priority: result.escalation ? String(result.escalation.priority) : '',
    escalationReason: result.escalation?.reasonCode ?? '',
    summary: result.escalation?.summary ?? '',
    choices: result.choices.map((c) => c.label).join('|'),
    dtmfChoices: result.choices.map((c) => c.dtmf ?? '').join('|'),
    turn: String(result.turn),
    reservationAt: data.at ?? '',
    reservationService: data.serviceName ?? '',
    reservationPhone: data.phoneE164 ?? '',
    orderNumber: data.orderNumber ?? result.entities.orderNumber ?? '',
  };
};

export const toConnectResponse = (result: TurnResult, channel: Channel): StringMap => toStringMap(resultAttributes(result, channel));

/** The answer when anything inside failed or the deadline passed: polite, and a person takes over. */
export const failureResult = (reason: 'SYSTEM_ERROR', turn = 0): TurnResult => ({
  action: 'ESCALATE',
  text: replies.escalateError,
  speech: replies.escalateError,
  confidence: 0,
  source: 'rule',
  choices: [],
  escalation: { queue: 'general', priority: 2, reasonCode: reason, summary: '챗봇 처리 중 오류 또는 지연으로 상담원 연결 | 고객 발화 확인 필요' },
  entities: {},
  turn,
});

/** Lex code hook → TurnInput: the transcript, the contact id Connect put in the session, Lex's own intent as a hint. */
export const lexTurnInput = (event: LexEvent): TurnInput => {
  const attributes = event.sessionState.sessionAttributes ?? {};
  const intentName = event.sessionState.intent?.name;
  const score = event.interpretations.find((i) => i.intent?.name === intentName)?.nluConfidence?.score;
  const hint: IntentHint | undefined =
    isIntent(intentName) && score !== undefined ? { intent: intentName, confidence: score, source: 'lex' } : undefined;
  const customer = customerFrom(attributes, attributes.callerNumber);
  return {
    sessionId: attributes.contactId || event.sessionId,
    channel: (event.inputMode ?? '').toLowerCase() === 'text' ? 'CHAT' : 'VOICE',
    text: event.inputTranscript,
    ...(hint ? { hint } : {}),
    ...(customer ? { customer } : {}),
  };
};
