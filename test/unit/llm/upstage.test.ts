import { DependencyError } from '@domain/errors';
import { UpstageLanguageModel } from '../../../lambdas/adapters/llm/upstage';
import { LoopbackServer, sendJson, upstageCompletion } from '../../support/kakao';

let server: LoopbackServer;
beforeAll(async () => {
  server = await new LoopbackServer((_req, res) => sendJson(res, 200, upstageCompletion('좋아요.'))).start();
});
afterAll(() => server.stop());
beforeEach(() => server.requests.splice(0));

const model = () => new UpstageLanguageModel({ apiKey: 'up-test-key', model: 'solar-pro2', baseUrl: `${server.url}/v1` });
const request = (ms = 3000) => ({
  system: '당신은 따뜻한 코치입니다.',
  messages: [{ role: 'user' as const, content: '진로가 고민이에요' }],
  maxTokens: 150,
  temperature: 0.7,
  deadline: new Date(Date.now() + ms),
});

describe('Upstage Solar adapter (against a local server speaking its API)', () => {
  it('POSTs an OpenAI-style chat completion with the bearer key and returns the message', async () => {
    server.respondWith((_req, res) => sendJson(res, 200, upstageCompletion('진로 고민이 크시군요. 요즘 가장 끌리는 일은 무엇인가요?')));
    await expect(model().complete(request())).resolves.toBe('진로 고민이 크시군요. 요즘 가장 끌리는 일은 무엇인가요?');
    const sent = server.requests[0];
    expect(sent?.method).toBe('POST');
    expect(sent?.path).toBe('/v1/chat/completions');
    expect(sent?.headers.authorization).toBe('Bearer up-test-key');
    expect(JSON.parse(sent?.body ?? '{}')).toEqual({
      model: 'solar-pro2',
      messages: [
        { role: 'system', content: '당신은 따뜻한 코치입니다.' },
        { role: 'user', content: '진로가 고민이에요' },
      ],
      max_tokens: 150,
      temperature: 0.7,
      stream: false,
    });
  });

  it('retries once after a 500 and answers', async () => {
    server.respondWith((_req, res, i) => (i === 0 ? sendJson(res, 500, { error: { message: 'internal' } }) : sendJson(res, 200, upstageCompletion('다시 물어볼게요?'))));
    await expect(model().complete(request())).resolves.toBe('다시 물어볼게요?');
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry a 401 and reports a DependencyError', async () => {
    server.respondWith((_req, res) => sendJson(res, 401, { error: { message: 'invalid api key' } }));
    await expect(model().complete(request())).rejects.toBeInstanceOf(DependencyError);
    expect(server.requests).toHaveLength(1);
  });

  it('gives up at the deadline when the API hangs', async () => {
    server.respondWith(() => undefined); // never answers
    const started = Date.now();
    await expect(model().complete(request(300))).rejects.toBeInstanceOf(DependencyError);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('rejects an answer without message content', async () => {
    server.respondWith((_req, res) => sendJson(res, 200, { choices: [] }));
    await expect(model().complete(request())).rejects.toThrow('no message content');
  });
});
