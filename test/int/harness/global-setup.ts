import { startLocalStore } from '../../../local/store';

/**
 * Starts one real DynamoDB-protocol server (dynalite, in memory) on 127.0.0.1 with a random port
 * for the whole integration run. Test files create their own tables from the shared definitions
 * (see `store.ts`), so files never see each other's data.
 */
export default async function globalSetup(): Promise<void> {
  const store = await startLocalStore();
  process.env.AICC_TEST_DYNAMODB_ENDPOINT = store.endpoint;
  (globalThis as { __AICC_STORE__?: { close(): Promise<void> } }).__AICC_STORE__ = store;
}
