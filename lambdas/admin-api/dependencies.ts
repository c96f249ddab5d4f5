import { randomBytes } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
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
import { callbackSettingsSchema, toCallbackRules } from '../callback-scheduler/config';
import { intVar, loadConfig, tableVar } from '../platform/config';

/** admin-api configuration, read once at cold start. */
export const adminConfigSchema = callbackSettingsSchema
  .extend({
    CONVERSATIONS_TABLE: tableVar(),
    FAQ_TABLE: tableVar(),
    STATISTICS_TABLE: tableVar(),
    /** iam (AWS: API Gateway SigV4) | token (local runtime and tests: bearer token) */
    ADMIN_AUTH: z.enum(['iam', 'token']).default('iam'),
    AICC_ADMIN_TOKEN: z.string().min(16, 'AICC_ADMIN_TOKEN must be at least 16 characters').optional(),
    /** How long the bots cache the FAQ (reported to supervisors: edits reach the bots within it) */
    FAQ_CACHE_SECONDS: intVar(60, 0, 3600),
    ADMIN_MAX_BODY_BYTES: intVar(64 * 1024, 1024, 1024 * 1024),
    STAGE: z.string().default('local'),
  })
  .refine((c) => c.ADMIN_AUTH !== 'token' || c.AICC_ADMIN_TOKEN, { message: 'ADMIN_AUTH=token needs AICC_ADMIN_TOKEN' })
  .refine((c) => c.ADMIN_AUTH !== 'token' || ['local', 'test'].includes(c.STAGE), {
    message: 'ADMIN_AUTH=token is for the local runtime and tests only; deployed stages use iam',
  });

export type AdminConfig = z.infer<typeof adminConfigSchema>;

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
    faq: { repository: new DynamoFaqAdminRepository(doc, config.FAQ_TABLE), clock, newId: () => `faq-${randomBytes(6).toString('hex')}` },
    conversations: new DynamoConversationIndex(doc, config.CONVERSATIONS_TABLE),
    turns: new DynamoConversationStore(doc, config.CONVERSATIONS_TABLE, 90, () => clock.now()),
    callbacks: {
      repository: new DynamoCallbackRepository(doc, config.CALLBACKS_TABLE),
      capacity: new DynamoCallbackCounters(doc, config.CALLBACKS_TABLE),
      calendar: rules.calendar,
      clock,
      policy: rules.policy,
    },
    statistics: new DynamoStatisticsStore(doc, config.STATISTICS_TABLE),
  };
};
