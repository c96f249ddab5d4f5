import { systemClock } from '@domain/clock';
import { createDocumentClient } from '../lambdas/adapters/dynamodb/client';
import { applyLocalEnvironment, LOCAL_TABLE_PREFIX } from '../local/environment';
import { seedSampleData } from '../local/seed/seed';
import { ensureTables, localDynamoClient, startLocalStore } from '../local/store';
import { summarize, time, type Row } from './lib';

/** Warm latency of customer-validation (lookup, and lookup + PIN check) against the local store. */
export const runCustomerValidationBench = async (iterations = 300): Promise<Row[]> => {
  const store = await startLocalStore();
  try {
    const client = localDynamoClient(store.endpoint);
    const names = await ensureTables(client, LOCAL_TABLE_PREFIX);
    const doc = createDocumentClient({ endpoint: store.endpoint });
    await seedSampleData(doc, names, systemClock.now());
    applyLocalEnvironment(store.endpoint);
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    const { validateCustomer } = await import('../lambdas/customer-validation/handler');
    const { DynamoCustomerDirectory } = await import('../lambdas/adapters/dynamodb/customer-directory');
    const directory = new DynamoCustomerDirectory(doc, names.customers);
    const deps = { directory, attempts: directory, clock: systemClock, policy: { maxAttempts: 3, lockMinutes: 30 } };
    const event = (pin?: string) => ({
      Details: { ContactData: { ContactId: 'bench', CustomerEndpoint: { Address: '+821012345678' } }, Parameters: pin ? { pin } : {} },
    });
    const rows: Row[] = [];
    for (const [label, pin] of [['lookup', undefined], ['lookup+PIN (scrypt)', '1234']] as const) {
      for (let i = 0; i < 20; i++) await validateCustomer(event(pin), deps);
      const samples: number[] = [];
      for (let i = 0; i < (pin ? iterations / 3 : iterations); i++) samples.push((await time(() => validateCustomer(event(pin), deps)))[1]);
      const s = summarize(samples);
      rows.push({ lambda: 'customer-validation', case: label, p50Ms: s.p50, p99Ms: s.p99, dynamoRequests: pin ? 2 : 1 });
    }
    doc.destroy();
    client.destroy();
    return rows;
  } finally {
    await store.close();
  }
};
