import { systemClock } from '@domain/clock';
import { createDocumentClient } from '../../lambdas/adapters/dynamodb/client';
import { applyLocalEnvironment, LOCAL_TABLE_PREFIX } from '../environment';
import { seedSampleData } from '../seed/seed';
import { ensureTables, localDynamoClient, startLocalStore } from '../store';
import { formatSimulation, simulateContact, type Channel, type ScriptStep } from './simulate';
import { QUEUE_KEYS, type QueueKey } from '../../lib/connect-resources';

interface SimulateArgs {
  caller?: string;
  channel: Channel;
  at: Date;
  script: ScriptStep[];
  flow?: string;
  json: boolean;
  endpoint?: string;
  queueWaiting: Partial<Record<QueueKey, number>>;
}

/** `--say` and `--press` repeat and keep their order: they are the caller's script. */
export const parseSimulateArgs = (argv: readonly string[]): SimulateArgs => {
  const out: SimulateArgs = { channel: 'VOICE', at: new Date(), script: [], json: false, queueWaiting: {} };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] ?? '').split(/=(.*)/s, 2) as [string, string | undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--caller':
        out.caller = value();
        break;
      case '--channel': {
        const c = value().toUpperCase();
        if (c !== 'VOICE' && c !== 'CHAT') throw new Error('--channel must be voice or chat');
        out.channel = c;
        break;
      }
      case '--at': {
        const d = new Date(value());
        if (Number.isNaN(d.getTime())) throw new Error('--at must be an ISO date-time, e.g. 2026-11-24T10:00:00+09:00');
        out.at = d;
        break;
      }
      case '--say':
        out.script.push({ say: value() });
        break;
      case '--press':
        out.script.push({ press: value() });
        break;
      case '--flow':
        out.flow = value();
        break;
      case '--endpoint':
        out.endpoint = value();
        break;
      case '--queue-full': {
        const key = value() as QueueKey;
        if (!QUEUE_KEYS.includes(key)) throw new Error(`--queue-full takes one of ${QUEUE_KEYS.join(', ')}`);
        out.queueWaiting[key] = Number.MAX_SAFE_INTEGER;
        break;
      }
      case '--json':
        out.json = true;
        break;
      default:
        throw new Error(`unknown option ${flag}`);
    }
  }
  return out;
};

/**
 * `aicc flows simulate`: a fresh in-memory store with the sample data (or a running `npm start`
 * store via --endpoint), the Lambdas' local environment, then one simulated contact.
 */
export const runSimulateCommand = async (argv: string[]): Promise<number> => {
  let args: SimulateArgs;
  try {
    args = parseSimulateArgs(argv);
  } catch (error) {
    console.error(`aicc flows simulate: ${(error as Error).message}`);
    return 2;
  }
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  const store = args.endpoint ? undefined : await startLocalStore();
  const endpoint = args.endpoint ?? store?.endpoint ?? '';
  const client = localDynamoClient(endpoint);
  const doc = createDocumentClient({ endpoint });
  try {
    const names = await ensureTables(client, LOCAL_TABLE_PREFIX);
    if (store) await seedSampleData(doc, names, systemClock.now());
    applyLocalEnvironment(endpoint);
    const result = await simulateContact({
      ...(args.caller ? { caller: args.caller } : {}),
      channel: args.channel,
      at: args.at,
      script: args.script,
      ...(args.flow ? { flow: args.flow } : {}),
      queueWaiting: args.queueWaiting,
    });
    process.stdout.write(`${args.json ? JSON.stringify(result, null, 2) : formatSimulation(result)}\n`);
    return 0;
  } finally {
    client.destroy();
    doc.destroy();
    await store?.close();
  }
};
