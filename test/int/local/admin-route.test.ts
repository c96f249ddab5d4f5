import { startRuntime, type Runtime } from '../../../local/runtime';
import { LOCAL_ADMIN_TOKEN } from '../../../local/environment';

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startRuntime({ inMemory: true, port: 0, callbackDispatchIntervalMs: 0 });
}, 30_000);
afterAll(() => runtime?.close());

describe('npm start: /admin on the local server', () => {
  it('serves the operations API through the real handler with the documented local token', async () => {
    expect((await fetch(`${runtime.url}/admin/faq`)).status).toBe(401);
    expect((await fetch(`${runtime.url}/admin/openapi.json`, { headers: { Authorization: 'Bearer wrong-token-000000' } })).status).toBe(401);
    const auth = { Authorization: `Bearer ${LOCAL_ADMIN_TOKEN}` };
    const doc = await fetch(`${runtime.url}/admin/openapi.json`, { headers: auth });
    expect(doc.status).toBe(200);
    expect(((await doc.json()) as { openapi: string }).openapi).toBe('3.0.3');
    const list = await fetch(`${runtime.url}/admin/faq?limit=100`, { headers: auth });
    expect(((await list.json()) as { items: unknown[] }).items.length).toBe(runtime.seeded.faq);
    const created = await fetch(`${runtime.url}/admin/faq`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ faqId: 'faq-local-test', category: 'general', question: '로컬 테스트 질문인가요?', answer: '네, 로컬 테스트 답변입니다.' }),
    });
    expect(created.status).toBe(201);
    expect((await fetch(`${runtime.url}/admin/statistics?from=2026-13-01`, { headers: auth })).status).toBe(400);
  });
});
