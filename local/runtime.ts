import { systemClock } from '@domain/clock';
import { resolve } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createDocumentClient } from '../lambdas/adapters/dynamodb/client';
import { RecordingDialer } from '../lambdas/adapters/connect/recording-dialer';
import { startLocalDispatcher } from './callback-dispatcher';
import { CallSessions } from './call-sessions';
import { mountConsoleRoutes } from './console-routes';
import { detectEngines, engineEnvironment, type ActiveEngines } from './engines';
import { applyLocalEnvironment, LOCAL_TABLE_PREFIX } from './environment';
import { KakaoCallbackSink } from './kakao-callback-sink';
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
  /** Engines the Lambdas run (offline unless Bedrock / Lex / Upstage are configured) */
  readonly engines: ActiveEngines;
  /** The Kakao skill endpoint's shared secret and the header it travels in */
  readonly kakao: { readonly secretHeader: string; readonly secret: string };
  /** Milliseconds from the start call until the server answered (store, tables, seed, listen) */
  readonly readyMs: number;
  close(): Promise<void>;
}

export const startRuntime = async (options: RuntimeOptions = {}): Promise<Runtime> => {
  const started = Date.now();
  const dataDir = options.inMemory ? undefined : resolve(options.dataDir ?? '.aicc');
  const store: LocalStore = await startLocalStore({ dataDir: dataDir ? resolve(dataDir, 'dynamodb') : undefined, port: options.storePort ?? 0, thread: true });
  try {
    const client = localDynamoClient(store.endpoint);
    const names = await ensureTables(client, LOCAL_TABLE_PREFIX);
    const engines = detectEngines(process.env);
    applyLocalEnvironment(store.endpoint, {
      ...engineEnvironment(engines, process.env),
      // The console's Kakao simulator receives slow answers on this server (local callback sink).
      KAKAO_CALLBACK_TEST_LOOPBACK: 'true',
      // FAQ edits in the console answer at once: the bots' FAQ cache in this process is invalidated by
      // the write (faq-changes). The TTL only bounds edits made from another process (AWS caches for a minute).
      FAQ_CACHE_SECONDS: '5',
    });
    const doc = createDocumentClient({ endpoint: store.endpoint });
    const seeded = await seedSampleData(doc, names, systemClock.now());

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
    const calls = new CallSessions();
    const sink = new KakaoCallbackSink();
    const kakao = { secretHeader: process.env.KAKAO_SECRET_HEADER ?? 'X-Skill-Secret', secret: process.env.KAKAO_SKILL_SECRET ?? '' };
    let url = '';
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
    mountConsoleRoutes(server, { calls, sink, engines, kakao, baseUrl: () => url, ...(dataDir ? { dataDir } : {}) });
    url = await server.listen(options.port ?? 3000);
    return {
      url,
      storeEndpoint: store.endpoint,
      dataDir,
      seeded,
      server,
      engines,
      kakao,
      readyMs: Date.now() - started,
      close: async () => {
        sink.close();
        await calls.closeAll();
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
