import { randomBytes } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { systemClock, type Clock } from '@domain/clock';
import type { ConversationLog } from '@domain/conversation/ports';
import type { LifecycleDeps } from '@domain/callbacks/lifecycle';
import type { SlotCapacity } from '@domain/callbacks/ports';
import type { FaqAdminDeps } from '@domain/operations/faq-admin';
import type { ConversationIndex } from '@domain/operations/ports';
import type { StatisticsStore } from '@domain/statistics/statistics';
import { DynamoCallbackCounters, DynamoCallbackRepository } from '../adapters/dynamodb/callback-store';
import { createDocumentClient } from '../adapters/dynamodb/client';
import { DynamoConversationIndex } from '../adapters/dynamodb/conversation-index';
import { DynamoConversationStore } from '../adapters/dynamodb/conversation-store';
import { DynamoFaqAdminRepository } from '../adapters/dynamodb/faq-admin-store';
import { DynamoStatisticsStore } from '../adapters/dynamodb/statistics-store';
import { callbackSettingsVars, toCallbackRules } from '../callback-scheduler/config';
import { choiceVar, configSchema, intVar, loadConfig, optionalVar, tableVar, textVar, type ConfigOf } from '../platform/config';

/** admin-api configuration, read once at cold start. */
const adminVars = {
    ...callbackSettingsVars,
    CONVERSATIONS_TABLE: tableVar(),
    FAQ_TABLE: tableVar(),
    STATISTICS_TABLE: tableVar(),
    /** iam (AWS: API Gateway SigV4) | token (local runtime and tests: bearer token) */
    ADMIN_AUTH: choiceVar(['iam', 'token'], 'iam'),
    AICC_ADMIN_TOKEN: optionalVar({ minLength: 16 }),
    /** How long the bots cache the FAQ (reported to supervisors: edits reach the bots within it) */
    FAQ_CACHE_SECONDS: intVar(60, 0, 3600),
    ADMIN_MAX_BODY_BYTES: intVar(64 * 1024, 1024, 1024 * 1024),
    STAGE: textVar('local'),
};

export const adminConfigSchema = configSchema(
  adminVars,
  { holds: (c) => c.ADMIN_AUTH !== 'token' || c.AICC_ADMIN_TOKEN, message: 'ADMIN_AUTH=token needs AICC_ADMIN_TOKEN' },
  {
    holds: (c) => c.ADMIN_AUTH !== 'token' || ['local', 'test'].includes(c.STAGE),
    message: 'ADMIN_AUTH=token is for the local runtime and tests only; deployed stages use iam',
  },
);

export type AdminConfig = ConfigOf<typeof adminVars>;

export const loadAdminConfig = (env: NodeJS.ProcessEnv = process.env): AdminConfig => loadConfig(adminConfigSchema, env);

export interface AdminApp {
  readonly config: AdminConfig;
  readonly clock: Clock;
  readonly faq: FaqAdminDeps;
  readonly conversations: ConversationIndex;
  readonly turns: ConversationLog;
  readonly callbacks: LifecycleDeps & { readonly capacity: SlotCapacity };
  readonly statistics: StatisticsStore;
}

export interface AdminOverrides {
  readonly clock?: Clock;
  /** DynamoDB document client of every store (default: one per app, endpoint from DYNAMODB_ENDPOINT) */
  readonly doc?: DynamoDBDocumentClient;
}

export const createAdminApp = (config: AdminConfig, overrides: AdminOverrides = {}): AdminApp => {
  const clock = overrides.clock ?? systemClock;
  // Supervisors wait on a screen, not on a phone line: a little more patience than the bots get.
  const doc = overrides.doc ?? createDocumentClient({ requestTimeoutMs: 3000, maxAttempts: 3 });
  const rules = toCallbackRules(config);
  return {
    config,
    clock,
    faq: { repository: new DynamoFaqAdminRepository(doc, config.FAQ_TABLE, clock), clock, newId: () => `faq-${randomBytes(6).toString('hex')}` },
    conversations: new DynamoConversationIndex(doc, config.CONVERSATIONS_TABLE),
    turns: new DynamoConversationStore(doc, config.CONVERSATIONS_TABLE, 90, () => clock.now()),
    callbacks: {
      repository: new DynamoCallbackRepository(doc, config.CALLBACKS_TABLE, clock),
      capacity: new DynamoCallbackCounters(doc, config.CALLBACKS_TABLE, clock),
      calendar: rules.calendar,
      clock,
      policy: rules.policy,
    },
    statistics: new DynamoStatisticsStore(doc, config.STATISTICS_TABLE),
  };
};
