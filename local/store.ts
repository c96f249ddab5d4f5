import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
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
  /**
   * Serve the store from its own thread (a worker), as DynamoDB is its own service in AWS: the
   * Lambdas' thread then spends nothing on parsing, validating and storing requests, and the two
   * use two cores. The local runtime does; tests and benches that measure a handler alone don't.
   */
  readonly thread?: boolean;
}

const dynaliteOptions = (dataDir: string | undefined) => ({
  ...(dataDir ? { path: dataDir } : {}),
  createTableMs: 0,
  deleteTableMs: 0,
  updateTableMs: 0,
});

/**
 * The worker's code (CommonJS, evaluated: no build step, nothing for tsx to transform): starts
 * dynalite, reports the port, closes it on request.
 */
const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const dynalite = require(workerData.dynalite);
const server = dynalite(workerData.options);
server.once('error', (error) => parentPort.postMessage({ type: 'error', message: error.message }));
server.listen(workerData.port, '127.0.0.1', () => parentPort.postMessage({ type: 'listening', port: server.address().port }));
parentPort.on('message', (message) => {
  if (message !== 'close') return;
  server.close((error) => {
    parentPort.postMessage({ type: 'closed', message: error ? error.message : undefined });
    parentPort.close();
  });
});
`;

const startStoreThread = async (options: LocalStoreOptions): Promise<LocalStore> => {
  const worker = new Worker(WORKER_CODE, {
    eval: true,
    workerData: { dynalite: require.resolve('dynalite'), options: dynaliteOptions(options.dataDir), port: options.port ?? 0 },
  });
  const port = await new Promise<number>((resolve, reject) => {
    const onMessage = (message: { type: string; port?: number; message?: string }) => {
      if (message.type === 'listening' && message.port) resolve(message.port);
      else if (message.type === 'error') reject(new Error(`local store: ${message.message ?? 'failed to start'}`));
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`local store thread exited (${code}) before listening`)));
  }).catch(async (error: unknown) => {
    await worker.terminate();
    throw error;
  });
  worker.removeAllListeners();
  let closing: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        worker.on('message', (message: { type: string; message?: string }) => {
          if (message.type !== 'closed') return;
          void worker.terminate().then(() => (message.message ? reject(new Error(message.message)) : resolve()));
        });
        worker.once('error', reject);
        worker.postMessage('close');
      })),
  };
};

export const startLocalStore = async (options: LocalStoreOptions = {}): Promise<LocalStore> => {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  if (options.thread) return startStoreThread(options);
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
