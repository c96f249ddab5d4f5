import { randomBytes } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../../lambdas/adapters/dynamodb/client';
import { TABLES, type TableKey } from '../../../lib/tables';
import { ensureTables, localDynamoClient } from '../../../local/store';

export interface TestTables {
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  readonly doc: DynamoDBDocumentClient;
  readonly names: Record<TableKey, string>;
  /** `CUSTOMERS_TABLE=...` etc. for handlers that read their config from the environment */
  readonly env: Record<string, string>;
  destroy(): void;
}

/**
 * A fresh set of every table (from lib/tables.ts) under a unique prefix on the harness's store.
 * Call it in `beforeAll`; call `destroy()` in `afterAll`.
 */
export const createTestTables = async (label = 'it'): Promise<TestTables> => {
  const endpoint = process.env.AICC_TEST_DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('AICC_TEST_DYNAMODB_ENDPOINT is not set: run integration tests through `npm run test:int`');
  const client = localDynamoClient(endpoint);
  const prefix = `${label}-${randomBytes(4).toString('hex')}`;
  const names = await ensureTables(client, prefix);
  const doc = createDocumentClient({ endpoint });
  const env = Object.fromEntries((Object.keys(TABLES) as TableKey[]).map((k) => [TABLES[k].envVar, names[k]]));
  return {
    endpoint,
    client,
    doc,
    names,
    env: { ...env, DYNAMODB_ENDPOINT: endpoint },
    destroy: () => {
      doc.destroy();
      client.destroy();
    },
  };
};

/**
 * Sets env vars for a handler module and loads it fresh (modules read their config at load).
 * Uses jest's module registry isolation so two test files never share a handler instance.
 */
export const loadHandlerWithEnv = async <T>(env: Record<string, string>, load: () => Promise<T>): Promise<T> => {
  Object.assign(process.env, {
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'SILENT',
    AWS_REGION: 'ap-northeast-2',
    ...env,
  });
  return load();
};
