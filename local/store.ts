import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { registerInProcessStore } from '../lambdas/adapters/dynamodb/client';
import { createTableRequest, localTableName, TABLE_KEYS, TABLES, type TableKey } from '../lib/tables';
import { startStoreThread } from './store-thread';

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
  /**
   * Serve the store from its own thread (see store-thread.ts); this process's document clients
   * (`createDocumentClient` with this endpoint) then reach it without a TCP round trip. The local
   * runtime does; the test suites keep the plain HTTP store.
   */
  readonly thread?: boolean;
}

const dynaliteOptions = (dataDir: string | undefined) => ({
  ...(dataDir ? { path: dataDir } : {}),
  createTableMs: 0,
  deleteTableMs: 0,
  updateTableMs: 0,
});

export const startLocalStore = async (options: LocalStoreOptions = {}): Promise<LocalStore> => {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  if (options.thread) {
    const thread = await startStoreThread(dynaliteOptions(options.dataDir), options.port ?? 0);
    const endpoint = `http://127.0.0.1:${thread.port}`;
    // Clients of this process reach the thread without a TCP round trip.
    const unregister = registerInProcessStore(endpoint, thread.transport);
    return {
      endpoint,
      port: thread.port,
      close: async () => {
        unregister();
        await thread.close();
      },
    };
  }
  const server = dynalite(dynaliteOptions(options.dataDir));
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
