import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { createTableRequest, localTableName, TABLE_KEYS, TABLES, type TableKey } from '../lib/tables';

/**
 * The embedded DynamoDB-protocol store (dynalite) on 127.0.0.1: in memory, or persisted in LevelDB
 * under a data directory. Used by `npm start`, the CLI invoker and the integration tests.
 * dynalite speaks the DynamoDB wire protocol but has no transactions and never expires TTL items:
 * the code therefore uses single conditional writes and ignores expired items on read.
 */
export interface LocalStore {
  readonly endpoint: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface LocalStoreOptions {
  /** LevelDB directory; omitted = in memory */
  readonly dataDir?: string;
  /** 0 = any free port */
  readonly port?: number;
}

export const startLocalStore = async (options: LocalStoreOptions = {}): Promise<LocalStore> => {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const server = dynalite({
    ...(options.dataDir ? { path: options.dataDir } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error?: Error) => (error ? reject(error) : resolve()));
      }),
  };
};

export const localDynamoClient = (endpoint: string): DynamoDBClient =>
  new DynamoDBClient({
    endpoint,
    region: 'ap-northeast-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 3,
  });

/** Table names by key for a prefix, and the env vars the Lambdas read them from. */
export const tableNames = (prefix: string): Record<TableKey, string> =>
  Object.fromEntries(TABLE_KEYS.map((key) => [key, localTableName(prefix, key)])) as Record<TableKey, string>;

export const tableEnv = (prefix: string): Record<string, string> =>
  Object.fromEntries(TABLE_KEYS.map((key) => [TABLES[key].envVar, localTableName(prefix, key)]));

/** Creates every table from the shared definitions (existing ones are left as they are). */
export const ensureTables = async (client: DynamoDBClient, prefix: string): Promise<Record<TableKey, string>> => {
  const names = tableNames(prefix);
  const existing = new Set<string>();
  let start: string | undefined;
  do {
    const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    page.TableNames?.forEach((n) => existing.add(n));
    start = page.LastEvaluatedTableName;
  } while (start);
  for (const key of TABLE_KEYS) {
    if (existing.has(names[key])) continue;
    await client.send(new CreateTableCommand(createTableRequest(key, names[key])));
  }
  for (const key of TABLE_KEYS) {
    for (let i = 0; i < 50; i++) {
      const out = await client.send(new DescribeTableCommand({ TableName: names[key] }));
      if (out.Table?.TableStatus === 'ACTIVE') break;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  return names;
};
