import { z } from 'zod';
import { toSeoul } from '@domain/calendar';
import { CALLBACK_SOURCES, CALLBACK_STATUSES, DIAL_OUTCOMES } from '@domain/callbacks/callback';
import { OUTCOMES } from '@domain/conversation/outcome';
import { ACTIONS, CHANNELS, QUEUES, REASON_CODES } from '@domain/conversation/types';
import { FAQ_CATEGORIES } from '@domain/faq/faq';
import { INTENTS } from '@domain/nlu/intents';

/**
 * The operations API's contract: every request part and every response body as a zod schema.
 * The router validates with them and the OpenAPI document is generated from them, so the
 * document cannot drift from what the API accepts and returns. Shapes are stable: fields are only
 * ever added (the web console depends on them).
 */

// ------------------------------------------------------------------ shared pieces
export const Day = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a Seoul date YYYY-MM-DD')
  .refine((d) => {
    const t = Date.parse(`${d}T00:00:00+09:00`);
    return !Number.isNaN(t) && toSeoul(new Date(t)).dateKey === d;
  }, 'a real calendar date')
  .describe('Seoul calendar day, YYYY-MM-DD');
export const Limit = z.coerce.number().int().min(1).max(100).default(25).describe('Items per page (1–100, default 25)');
export const Cursor = z.string().min(1).max(1024).optional().describe('`nextCursor` of the previous page; opaque');
export const Id = z.string().min(1).max(200).regex(/^[\w:.@+-]+$/, 'letters, digits and _ : . @ + -');
export const FaqId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lowercase letters, digits and -, 2–63 characters');
const nullable = <T extends z.ZodTypeAny>(t: T) => t.nullable();

export const ErrorBody = z
  .object({
    error: z.string().describe('What went wrong, in English, for developers'),
    code: z.string().describe('VALIDATION_ERROR | UNAUTHORIZED | NOT_FOUND | CONFLICT | METHOD_NOT_ALLOWED | INTERNAL'),
    issues: z.array(z.string()).optional().describe('One line per invalid field (validation errors)'),
    currentVersion: z.number().int().optional().describe('Current version of the entry (version conflicts)'),
  })
  .describe('Error');

const page = <T extends z.ZodTypeAny>(item: T, name: string) =>
  z.object({ items: z.array(item), nextCursor: nullable(z.string()).describe('Cursor of the next page; null on the last page') }).describe(name);

// ------------------------------------------------------------------ FAQ
export const FaqContent = z
  .object({
    category: z.enum(FAQ_CATEGORIES),
    question: z.string().trim().min(2).max(200),
    answer: z.string().trim().min(1).max(1000).describe('Shown in chat and Kakao (plain text)'),
    spokenAnswer: z.string().trim().min(1).max(1000).optional().describe('Read by the voice bot; defaults to the answer made speakable'),
    paraphrases: z.array(z.string().trim().min(2).max(200)).max(30).default([]).describe('Other ways customers ask it (improve matching)'),
    keywords: z.array(z.string().trim().min(1).max(40)).max(30).default([]),
  })
  .strict();

export const FaqCreate = FaqContent.extend({ faqId: FaqId.optional().describe('Chosen id; generated when omitted') }).strict().describe('FaqCreate');
export const FaqUpdate = FaqContent.extend({ version: z.number().int().min(1).describe('The version this edit is based on') }).strict().describe('FaqUpdate');

export const FaqEntryBody = z
  .object({
    faqId: z.string(),
    category: z.string(),
    question: z.string(),
    answer: z.string(),
    spokenAnswer: nullable(z.string()),
    paraphrases: z.array(z.string()),
    keywords: z.array(z.string()),
    version: z.number().int(),
    deleted: z.boolean(),
    updatedAt: nullable(z.string()),
  })
  .describe('FaqEntry');
export const FaqPage = page(FaqEntryBody, 'FaqPage');
export const FaqListQuery = z
  .object({
    category: z.enum(FAQ_CATEGORIES).optional().describe('Only this category (all live entries when omitted)'),
    includeDeleted: z.enum(['true', 'false']).default('false').transform((v) => v === 'true').describe('With a category: also soft-deleted entries'),
    limit: Limit,
    cursor: Cursor,
  })
  .strict();
export const FaqIdParams = z.object({ faqId: FaqId }).strict();
export const FaqDeleteQuery = z.object({ version: z.coerce.number().int().min(1).describe('The version being deleted') }).strict();

// ------------------------------------------------------------------ conversations
export const ConversationListQuery = z
  .object({ day: Day.optional(), customerId: Id.optional(), limit: Limit, cursor: Cursor })
  .strict()
  .refine((q) => (q.day === undefined) !== (q.customerId === undefined), { message: 'give exactly one of day or customerId', path: ['day'] });

export const ConversationListing = z
  .object({
    conversationId: z.string(),
    startedAt: z.string(),
    channel: z.enum(CHANNELS),
    customerId: nullable(z.string()),
    tier: nullable(z.string()),
    firstIntent: nullable(z.string()),
    firstAction: nullable(z.string()),
    firstTurn: z.number().int(),
  })
  .describe('ConversationListing');
export const ConversationPage = page(ConversationListing, 'ConversationPage');
export const ConversationParams = z.object({ conversationId: Id }).strict();

const Escalation = z.object({ queue: z.enum(QUEUES), priority: z.number().int(), reasonCode: z.enum(REASON_CODES), summary: z.string() });
export const Turn = z
  .object({
    turn: z.number().int(),
    at: z.string(),
    sessionStartedAt: z.string(),
    userText: z.string().describe('What the customer said, PII masked'),
    intent: nullable(z.enum(INTENTS)),
    confidence: z.number(),
    source: z.string(),
    action: z.enum(ACTIONS),
    answer: z.string(),
    faqId: nullable(z.string()),
    scenario: nullable(z.object({ id: z.string(), step: z.string(), status: z.string() })),
    escalation: nullable(Escalation),
    outcome: z.enum(OUTCOMES),
  })
  .describe('Turn');
export const ConversationDetail = z
  .object({
    conversationId: z.string(),
    channel: z.enum(CHANNELS),
    startedAt: z.string(),
    lastAt: z.string(),
    customerId: nullable(z.string()),
    tier: nullable(z.string()),
    outcome: z.enum(OUTCOMES),
    turnCount: z.number().int(),
    turns: z.array(Turn),
  })
  .describe('ConversationDetail');
export const ExportQuery = z.object({ format: z.enum(['json', 'csv']).default('json') }).strict();

// ------------------------------------------------------------------ callbacks
export const CallbackListQuery = z
  .object({
    day: Day,
    status: z.enum(CALLBACK_STATUSES).optional().describe('PENDING: due that day; ended statuses: ended that day; omitted: booked for that day'),
    limit: z.coerce.number().int().min(1).max(500).default(200),
  })
  .strict();
export const CallbackBody = z
  .object({
    callbackId: z.string(),
    status: z.enum(CALLBACK_STATUSES),
    phoneMasked: z.string().describe('The customer number, masked (010-****-5678)'),
    scheduledAt: z.string(),
    scheduledDay: z.string(),
    dueAt: z.string(),
    attempts: z.number().int(),
    maxAttempts: z.number().int(),
    source: z.enum(CALLBACK_SOURCES),
    reason: z.string(),
    customerTier: z.string(),
    originalIntent: z.string(),
    customerId: nullable(z.string()),
    lastOutcome: nullable(z.enum(DIAL_OUTCOMES)),
    createdAt: z.string(),
    updatedAt: z.string(),
    endedAt: nullable(z.string()),
    history: z.array(z.object({ at: z.string(), event: z.string(), status: z.enum(CALLBACK_STATUSES), by: z.string(), attempt: z.number().int(), detail: nullable(z.string()) })),
  })
  .describe('Callback');
export const CallbackList = z.object({ items: z.array(CallbackBody), truncated: z.boolean().describe('True when `limit` cut the list') }).describe('CallbackList');
export const CallbackParams = z.object({ callbackId: Id }).strict();
export const CancelBody = z
  .object({
    operatorId: z.string().regex(/^[\w.-]{1,40}$/).default('console').describe('Who cancels (recorded in the history as operator:<id>)'),
    detail: z.string().trim().max(200).optional().describe('Why (recorded in the history)'),
  })
  .strict()
  .describe('CallbackCancel');

// ------------------------------------------------------------------ escalations
export const EscalationListQuery = z
  .object({ day: Day, queue: z.enum(QUEUES).optional(), reason: z.enum(REASON_CODES).optional(), limit: Limit, cursor: Cursor })
  .strict();
export const EscalationBody = z
  .object({
    conversationId: z.string(),
    turn: z.number().int(),
    at: z.string(),
    channel: z.enum(CHANNELS),
    queue: z.enum(QUEUES),
    priority: z.number().int(),
    reason: z.enum(REASON_CODES),
    summary: z.string().describe('The agent summary (≤ 200 characters, PII masked)'),
    intent: nullable(z.string()),
    customerId: nullable(z.string()),
    tier: nullable(z.string()),
    conversationStartedAt: nullable(z.string()),
  })
  .describe('Escalation');
export const EscalationPage = page(EscalationBody, 'EscalationPage');

// ------------------------------------------------------------------ statistics
export const StatisticsQuery = z
  .object({ from: Day, to: Day.optional().describe('Inclusive; defaults to `from`; at most 31 days'), channel: z.enum(CHANNELS).optional() })
  .strict();
const Counts = z.record(z.string(), z.number());
export const ChannelStatistics = z
  .object({
    conversations: z.number().int().describe('Conversations started that day'),
    turns: z.number().int(),
    intents: Counts.describe('Turns by recognised intent (`none`: not understood or empty)'),
    outcomes: z.object(Object.fromEntries(OUTCOMES.map((o) => [o, z.number().int()])) as Record<(typeof OUTCOMES)[number], z.ZodNumber>).describe(
      'Conversations by outcome (escalated > callback > answered > abandoned); abandoned includes conversations still open',
    ),
    faq: z.object({ hits: z.number().int(), questions: z.number().int(), hitRate: nullable(z.number()).describe('hits / questions; null without questions') }),
    escalations: z.number().int().describe('Hand-offs to an agent (turns)'),
    escalationReasons: Counts,
    crisisDetections: z.number().int().describe('Crisis signals the coaching bot detected (KAKAO)'),
  })
  .describe('ChannelStatistics');
export const StatisticsBody = z
  .object({
    from: z.string(),
    to: z.string(),
    days: z.array(z.object({ day: z.string(), channels: z.record(z.enum(CHANNELS), ChannelStatistics), total: ChannelStatistics })),
  })
  .describe('Statistics');
