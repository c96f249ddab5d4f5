import { startRuntime, type Runtime } from '../../../local/runtime';
import { LOCAL_ADMIN_TOKEN } from '../../../local/environment';
import { replyText, skillBody } from '../../support/kakao';

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

  it('an FAQ edited through /admin is answered by the Kakao bot on the very next turn, although the bots cache the FAQ', async () => {
    const auth = { Authorization: `Bearer ${LOCAL_ADMIN_TOKEN}` };
    let user = 0;
    const ask = async (utterance: string) => {
      const res = await fetch(`${runtime.url}/kakao/service`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [runtime.kakao.secretHeader]: runtime.kakao.secret },
        body: JSON.stringify(skillBody(`faq-cache-user-${++user}`, utterance)),
      });
      expect(res.status).toBe(200);
      return replyText(await res.json());
    };
    // The bots' FAQ cache is warm (and its TTL far from over) before the edit.
    expect(process.env.FAQ_CACHE_SECONDS).not.toBe('0');
    expect(await ask('운영시간 알려주세요')).toContain('평일 09:00–18:00');

    const current = (await (await fetch(`${runtime.url}/admin/faq/faq-business-hours`, { headers: auth })).json()) as Record<string, unknown>;
    const edited = await fetch(`${runtime.url}/admin/faq/faq-business-hours`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        category: current.category,
        question: current.question,
        answer: '고객센터는 평일 08:00–20:00에 운영합니다.',
        paraphrases: current.paraphrases,
        keywords: current.keywords,
        version: current.version,
      }),
    });
    expect(edited.status).toBe(200);
    expect(await ask('운영시간 알려주세요')).toContain('평일 08:00–20:00');
  });
});
