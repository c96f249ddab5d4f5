export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __AICC_STORE__?: { close(): Promise<void> } }).__AICC_STORE__?.close();
}
