/**
 * The twelve intents the contact center understands. The names are a contract shared with the
 * Lex bot (generated from `intent-examples.json`), the Bedrock tool schema, the Connect flows and
 * the conversation log: change them only together.
 */
export const INTENTS = [
  'greeting',
  'goodbye',
  'product_inquiry',
  'order_inquiry',
  'reservation',
  'cancel_request',
  'payment_inquiry',
  'technical_support',
  'complaint',
  'agent_request',
  'callback_request',
  'general_inquiry',
] as const;

export type Intent = (typeof INTENTS)[number];

export const isIntent = (value: unknown): value is Intent => typeof value === 'string' && (INTENTS as readonly string[]).includes(value);
