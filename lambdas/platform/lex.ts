import { objectOf, stringOf, textMapOf } from '@domain/lenient';

/**
 * Lex V2 code-hook contract: the event is recognised by `messageVersion` + `invocationSource`,
 * parsed leniently, and answered with a valid Lex V2 response (session attributes are strings;
 * keys starting with `x-amz-lex:` are Lex's own and never set here).
 */
export interface LexInterpretation {
  readonly intent?: { readonly name?: string };
  readonly nluConfidence?: { readonly score?: number };
}

export interface LexEvent {
  readonly messageVersion: string;
  readonly invocationSource: 'DialogCodeHook' | 'FulfillmentCodeHook';
  readonly inputMode?: string;
  readonly sessionId: string;
  readonly inputTranscript: string;
  readonly bot?: { readonly id?: string; readonly name?: string; readonly localeId?: string };
  readonly interpretations: readonly LexInterpretation[];
  readonly sessionState: {
    readonly sessionAttributes?: Record<string, string>;
    readonly intent?: { readonly name: string; readonly slots?: unknown; readonly state?: string };
  };
  readonly requestAttributes?: Record<string, string>;
}

const INVOCATION_SOURCES: readonly LexEvent['invocationSource'][] = ['DialogCodeHook', 'FulfillmentCodeHook'];

const interpretationOf = (value: unknown): LexInterpretation | undefined => {
  const fields = objectOf(value);
  if (!fields) return undefined;
  const name = stringOf(objectOf(fields.intent)?.name);
  const score = objectOf(fields.nluConfidence)?.score;
  return {
    ...(objectOf(fields.intent) ? { intent: name === undefined ? {} : { name } } : {}),
    ...(objectOf(fields.nluConfidence) ? { nluConfidence: typeof score === 'number' ? { score } : {} } : {}),
  };
};

export const isLexEvent = (event: unknown): boolean =>
  typeof event === 'object' && event !== null && 'messageVersion' in event && 'invocationSource' in event;

/** The event, or undefined when it is not a Lex V2 code-hook event (no version or an unknown source). */
export const parseLexEvent = (event: unknown): LexEvent | undefined => {
  const e = objectOf(event);
  const messageVersion = stringOf(e?.messageVersion);
  const invocationSource = INVOCATION_SOURCES.find((source) => source === e?.invocationSource);
  if (!e || messageVersion === undefined || !invocationSource) return undefined;
  const bot = objectOf(e.bot);
  const state = objectOf(e.sessionState) ?? {};
  const intent = objectOf(state.intent);
  const intentName = stringOf(intent?.name);
  const interpretations = Array.isArray(e.interpretations) ? e.interpretations.map(interpretationOf) : [];
  return {
    messageVersion,
    invocationSource,
    inputMode: stringOf(e.inputMode),
    sessionId: stringOf(e.sessionId) ?? 'unknown-session',
    inputTranscript: stringOf(e.inputTranscript) ?? '',
    ...(bot ? { bot: { id: stringOf(bot.id), name: stringOf(bot.name), localeId: stringOf(bot.localeId) } } : {}),
    interpretations: interpretations.every((i) => i !== undefined) ? interpretations : [],
    sessionState: {
      ...(state.sessionAttributes === undefined ? {} : { sessionAttributes: textMapOf(state.sessionAttributes) }),
      ...(intent && intentName !== undefined ? { intent: { name: intentName, slots: intent.slots, state: stringOf(intent.state) } } : {}),
    },
    ...(e.requestAttributes === undefined ? {} : { requestAttributes: textMapOf(e.requestAttributes) }),
  };
};

export interface LexResponse {
  sessionState: {
    sessionAttributes: Record<string, string>;
    dialogAction: { type: 'Close' | 'ElicitIntent' };
    intent?: { name: string; state: 'Fulfilled' | 'Failed' | 'InProgress'; slots?: unknown };
  };
  messages: { contentType: 'PlainText'; content: string }[];
}

/** Lex rejects a message over 1000 characters or an empty one. */
const message = (content: string) => [{ contentType: 'PlainText' as const, content: (content.trim() || '.').slice(0, 1000) }];

const ownAttributes = (values: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(values).filter(([k]) => !k.startsWith('x-amz-lex:')));

/** Keep the conversation open in Lex (the next utterance comes back to this hook). */
export const lexElicitIntent = (text: string, sessionAttributes: Record<string, string>): LexResponse => ({
  sessionState: { sessionAttributes: ownAttributes(sessionAttributes), dialogAction: { type: 'ElicitIntent' } },
  messages: message(text),
});

/** End the Lex part: the contact flow reads `nextAction` and friends from the session attributes. */
export const lexClose = (text: string, intentName: string, sessionAttributes: Record<string, string>, state: 'Fulfilled' | 'Failed' = 'Fulfilled'): LexResponse => ({
  sessionState: { sessionAttributes: ownAttributes(sessionAttributes), dialogAction: { type: 'Close' }, intent: { name: intentName, state } },
  messages: message(text),
});
