import { systemClock } from '@domain/clock';
import { readFileSync } from 'node:fs';
import { createDocumentClient } from '../../lambdas/adapters/dynamodb/client';
import { parseArgs } from './args';
import { applyLocalEnvironment, LOCAL_TABLE_PREFIX } from '../environment';
import { LOCAL_LAMBDAS, localContext } from '../lambdas';
import { seedSampleData } from '../seed/seed';
import { ensureTables, localDynamoClient, startLocalStore } from '../store';

export const usage = `invoke <${Object.keys(LOCAL_LAMBDAS).join('|')}> <event.json> [--endpoint URL] [--logs]   run a handler in-process`;

/**
 * Docker-free `sam local invoke`: runs the real handler in this process against the local store
 * (a fresh in-memory one with sample data, or a running `npm start` store via --endpoint) and
 * prints the result as JSON.
 */
export const run = async (argv: string[]): Promise<number> => {
  const { positional, flags } = parseArgs(argv);
  const [name, eventPath] = positional;
  const lambda = name ? LOCAL_LAMBDAS[name] : undefined;
  if (!lambda || !eventPath) {
    console.error(`usage: aicc ${usage}`);
    return 2;
  }
  let event: unknown;
  try {
    event = JSON.parse(readFileSync(eventPath, 'utf8'));
  } catch (error) {
    console.error(`cannot read event ${eventPath}: ${(error as Error).message}`);
    return 2;
  }
  if (flags.logs !== true) process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';

  const endpoint = typeof flags.endpoint === 'string' ? flags.endpoint : undefined;
  const store = endpoint ? undefined : await startLocalStore();
  try {
    const storeEndpoint = endpoint ?? store?.endpoint ?? '';
    const client = localDynamoClient(storeEndpoint);
    const names = await ensureTables(client, LOCAL_TABLE_PREFIX);
    const doc = createDocumentClient({ endpoint: storeEndpoint });
    if (store) await seedSampleData(doc, names, systemClock.now());
    applyLocalEnvironment(storeEndpoint);
    const module = await lambda.load();
    const result = await module.handler(event, localContext(name ?? 'local'));
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    client.destroy();
    doc.destroy();
    return 0;
  } finally {
    await store?.close();
  }
};
