import { resolve } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createDocumentClient } from '../lambdas/adapters/dynamodb/client';
import { RecordingDialer } from '../lambdas/adapters/connect/recording-dialer';
import { startLocalDispatcher } from './callback-dispatcher';
import { applyLocalEnvironment, LOCAL_TABLE_PREFIX } from './environment';
import { seedSampleData } from './seed/seed';
import { mountAdminRoutes } from './admin-route';
import { mountKakaoRoute } from './kakao-route';
import { json, LocalServer } from './server';
import { ensureTables, localDynamoClient, startLocalStore, type LocalStore } from './store';

/**
 * The whole AICC on one machine: the embedded store (tables from the shared definitions, sample
 * data seeded once), the Lambdas' environment, and the HTTP server on 127.0.0.1.
 */
export interface RuntimeOptions {
  readonly dataDir?: string;
  readonly inMemory?: boolean;
  readonly port?: number;
  readonly storePort?: number;
  /** Callback dispatcher period (0 = off). */
  readonly callbackDispatchIntervalMs?: number;
}

export interface Runtime {
  readonly url: string;
  readonly storeEndpoint: string;
  readonly dataDir?: string;
  readonly seeded: Record<string, number>;
  readonly server: LocalServer;
  close(): Promise<void>;
}

export const startRuntime = async (options: RuntimeOptions = {}): Promise<Runtime> => {
  const started = Date.now();
  const dataDir = options.inMemory ? undefined : resolve(options.dataDir ?? '.aicc');
  const store: LocalStore = await startLocalStore({ dataDir: dataDir ? resolve(dataDir, 'dynamodb') : undefined, port: options.storePort ?? 0 });
  try {
    const client = localDynamoClient(store.endpoint);
    const names = await ensureTables(client, LOCAL_TABLE_PREFIX);
    applyLocalEnvironment(store.endpoint);
    const doc = createDocumentClient({ endpoint: store.endpoint });
    const seeded = await seedSampleData(doc, names);

    // Callbacks: dispatched on a timer with a dialer that records (never places) the calls.
    const callDialer = new RecordingDialer({ file: dataDir ? resolve(dataDir, 'outbound-calls.jsonl') : undefined });
    const dispatcher =
      options.callbackDispatchIntervalMs === 0
        ? undefined
        : startLocalDispatcher({
            intervalMs: options.callbackDispatchIntervalMs ?? 15_000,
            dialer: callDialer,
            doc,
            onError: (error) => console.error('callback dispatcher:', error instanceof Error ? error.message : error),
          });

    const server = new LocalServer();
    server.route('GET', '/local/callbacks/outbound-calls', async () => json(200, { calls: callDialer.calls }));
    server.route('GET', '/health', async () => {
      try {
        const tables = await client.send(new ListTablesCommand({}));
        return json(200, { status: 'ok', store: 'ready', tables: tables.TableNames ?? [], uptimeSeconds: Math.round((Date.now() - started) / 1000) });
      } catch {
        return json(503, { status: 'degraded', store: 'unreachable' });
      }
    });
    mountKakaoRoute(server);
    mountAdminRoutes(server);
    const url = await server.listen(options.port ?? 3000);
    return {
      url,
      storeEndpoint: store.endpoint,
      dataDir,
      seeded,
      server,
      close: async () => {
        await server.close();
        await dispatcher?.stop();
        client.destroy();
        doc.destroy();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
};
