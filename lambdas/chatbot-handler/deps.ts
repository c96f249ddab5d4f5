import { BusinessCalendar, parseBusinessHours } from '@domain/calendar';
import { systemClock, type Clock } from '@domain/clock';
import type { ConversationDeps } from '@domain/conversation/handle-turn';
import { DEFAULT_POLICY, parseQueueMap } from '@domain/conversation/policy';
import { FaqCatalog } from '@domain/faq/faq-catalog';
import { FallbackIntentClassifier } from '@domain/nlu/fallback-classifier';
import { offlineClassifier } from '@domain/nlu/offline-classifier';
import type { IntentClassifier } from '@domain/nlu/ports';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BedrockIntentClassifier, createBedrockClient, DEFAULT_BEDROCK_MODEL_ID } from '../adapters/bedrock/intent-classifier';
import { createDocumentClient } from '../adapters/dynamodb/client';
import { createLexClient, importLexSdk, LexIntentClassifier } from '../adapters/lex/intent-classifier';
import { DynamoConversationStore } from '../adapters/dynamodb/conversation-store';
import { invalidateOnFaqWrites } from '../adapters/dynamodb/faq-changes';
import { DynamoFaqRepository } from '../adapters/dynamodb/faq-repository';
import { boolVar, choiceVar, configSchema, intVar, optionalVar, tableVar, textVar, type ConfigOf } from '../platform/config';
import { lazy } from '../platform/lazy';
import { DynamoStatisticsStore } from '../adapters/dynamodb/statistics-store';
import { CountingConversationStore } from '../adapters/dynamodb/statistics-hooks';
import { errorName } from '@domain/errors';

/** chatbot-handler configuration (read once at cold start; see README for each variable). */
const chatbotVars = {
  CONVERSATIONS_TABLE: tableVar(),
  FAQ_TABLE: tableVar(),
  /** offline (default, no AWS needed) | bedrock | lex; the remote engines fall back to offline */
  NLU_ENGINE: choiceVar(['offline', 'bedrock', 'lex'], 'offline'),
  BEDROCK_MODEL_ID: textVar(DEFAULT_BEDROCK_MODEL_ID),
  BEDROCK_REGION: optionalVar(),
  BEDROCK_TIMEOUT_MS: intVar(2500, 200, 6000),
  BEDROCK_MAX_ATTEMPTS: intVar(2, 1, 3),
  LEX_BOT_ID: optionalVar(),
  LEX_BOT_ALIAS_ID: textVar('TSTALIASID'),
  LEX_LOCALE_ID: textVar('ko_KR'),
  LEX_TIMEOUT_MS: intVar(1500, 200, 5000),
  /** Whole budget for understanding one message (remote engine + retries), within Connect's 8 s */
  CLASSIFY_BUDGET_MS: intVar(4000, 300, 6000),
  /** Overall answer deadline; past it the caller gets a polite hand-off */
  TURN_DEADLINE_MS: intVar(7000, 1000, 7500),
  CONVERSATION_RETENTION_DAYS: intVar(90, 1, 3650),
  SESSION_IDLE_MINUTES: intVar(30, 1, 24 * 60),
  FAQ_CACHE_SECONDS: intVar(60, 0, 3600),
  BUSINESS_HOURS: textVar('mon-fri 09:00-18:00'),
  QUEUE_MAP: optionalVar(),
  /**
   * Local runtime only (dynalite has no streams): count operations statistics in-process after each
   * turn. In AWS the statistics aggregator reads the table's stream instead and this stays false.
   */
  STATISTICS_INLINE: boolVar(false),
  STATISTICS_TABLE: optionalVar(),
};

export const chatbotConfigSchema = configSchema(chatbotVars, {
  holds: (c) => !c.STATISTICS_INLINE || c.STATISTICS_TABLE,
  message: 'STATISTICS_INLINE needs STATISTICS_TABLE',
});

export type ChatbotConfig = ConfigOf<typeof chatbotVars>;

export interface ChatbotDeps extends ConversationDeps {
  readonly deadlineMs: number;
}

export interface ChatbotDepsOptions {
  readonly clock?: Clock;
  /** DynamoDB document client (default: one per process, endpoint from DYNAMODB_ENDPOINT) */
  readonly doc?: DynamoDBDocumentClient;
}

export const createChatbotDeps = (
  config: ChatbotConfig,
  onFallback: (reason: string, error: unknown) => void,
  options: ChatbotDepsOptions = {},
): ChatbotDeps => {
  const clock = options.clock ?? systemClock;
  const doc = options.doc ?? createDocumentClient();
  // Built on first use (a few ms): the Kakao service bot's first turn, and in chatbot-handler (Bedrock
  // first) only when Bedrock fails or runs out of time, so most cold starts never build it.
  const offline = {
    name: 'offline',
    classify: (text, context) => offlineClassifier().classify(text, context),
    analyze: (text: string) => offlineClassifier().analyze(text),
  } satisfies IntentClassifier & ConversationDeps['offline'];
  let classifier: IntentClassifier = offline;
  if (config.NLU_ENGINE === 'bedrock') {
    const client = createBedrockClient({ region: config.BEDROCK_REGION, requestTimeoutMs: config.BEDROCK_TIMEOUT_MS, maxAttempts: config.BEDROCK_MAX_ATTEMPTS });
    classifier = new FallbackIntentClassifier(new BedrockIntentClassifier(client, { modelId: config.BEDROCK_MODEL_ID }), offline, config.CLASSIFY_BUDGET_MS, onFallback);
  } else if (config.NLU_ENGINE === 'lex' && config.LEX_BOT_ID) {
    const { LEX_BOT_ID: botId, LEX_BOT_ALIAS_ID: botAliasId, LEX_LOCALE_ID: localeId, LEX_TIMEOUT_MS: requestTimeoutMs } = config;
    // Lex is an opt-in engine (the deployed default is Bedrock): its SDK loads only when chosen, on first use.
    const lex = lazy(async () => {
      const sdk = await importLexSdk();
      return new LexIntentClassifier(sdk, createLexClient(sdk, { requestTimeoutMs, maxAttempts: 2 }), { botId, botAliasId, localeId });
    });
    classifier = new FallbackIntentClassifier({ name: 'lex', classify: async (text, context) => (await lex()).classify(text, context) }, offline, config.CLASSIFY_BUDGET_MS, onFallback);
  }
  const conversations = new DynamoConversationStore(doc, config.CONVERSATIONS_TABLE, config.CONVERSATION_RETENTION_DAYS, () => clock.now());
  const store =
    config.STATISTICS_INLINE && config.STATISTICS_TABLE
      ? new CountingConversationStore(
          conversations,
          new DynamoStatisticsStore(doc, config.STATISTICS_TABLE),
          (error) => console.warn('statistics counting failed', errorName(error)),
          config.CONVERSATION_RETENTION_DAYS,
        )
      : conversations;
  const faq = new FaqCatalog(new DynamoFaqRepository(doc, config.FAQ_TABLE), clock, config.FAQ_CACHE_SECONDS * 1000);
  // Edits saved by this process (the local runtime's console) reach this cache at once.
  invalidateOnFaqWrites(config.FAQ_TABLE, faq);
  return {
    store,
    classifier,
    offline,
    faq,
    clock,
    calendar: new BusinessCalendar(parseBusinessHours(config.BUSINESS_HOURS)),
    policy: { ...DEFAULT_POLICY, queueByIntent: parseQueueMap(config.QUEUE_MAP), retentionDays: config.CONVERSATION_RETENTION_DAYS, idleMinutes: config.SESSION_IDLE_MINUTES },
    classifyBudgetMs: config.CLASSIFY_BUDGET_MS,
    deadlineMs: config.TURN_DEADLINE_MS,
  };
};
