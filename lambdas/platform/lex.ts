import { z } from 'zod';

/**
 * Lex V2 code-hook contract: the event is recognised by `messageVersion` + `invocationSource`,
 * parsed leniently, and answered with a valid Lex V2 response (session attributes are strings;
 * keys starting with `x-amz-lex:` are Lex's own and never set here).
 */
const attributes = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String).catch('')).catch({});

export const lexEventSchema = z.object({
  messageVersion: z.string(),
  invocationSource: z.enum(['DialogCodeHook', 'FulfillmentCodeHook']),
  inputMode: z.string().optional().catch(undefined),
  sessionId: z.string().catch('unknown-session'),
  inputTranscript: z.string().catch(''),
  bot: z.object({ id: z.string().optional(), name: z.string().optional(), localeId: z.string().optional() }).partial().optional().catch(undefined),
  interpretations: z
    .array(z.object({ intent: z.object({ name: z.string() }).partial().optional(), nluConfidence: z.object({ score: z.number() }).partial().optional() }).passthrough())
    .catch([]),
  sessionState: z
    .object({
      sessionAttributes: attributes.optional(),
      intent: z.object({ name: z.string(), slots: z.unknown().optional(), state: z.string().optional() }).passthrough().optional(),
    })
    .passthrough()
    .catch({}),
  requestAttributes: attributes.optional(),
});

export type LexEvent = z.infer<typeof lexEventSchema>;

export const isLexEvent = (event: unknown): boolean =>
  typeof event === 'object' && event !== null && 'messageVersion' in event && 'invocationSource' in event;

export const parseLexEvent = (event: unknown): LexEvent | undefined => {
  const parsed = lexEventSchema.safeParse(event);
  return parsed.success ? parsed.data : undefined;
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
