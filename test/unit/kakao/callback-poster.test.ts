import { textResponse } from '@domain/kakao/skill-response';
import { HttpCallbackPoster } from '../../../lambdas/adapters/kakao/callback-poster';
import { expectValidSkillResponse, kakaoCallbackExpired, kakaoCallbackOk, LoopbackServer, sendJson } from '../../support/kakao';

let kakao: LoopbackServer;
beforeAll(async () => {
  kakao = await new LoopbackServer((_req, res) => kakaoCallbackOk(res)).start();
});
afterAll(() => kakao.stop());
beforeEach(() => kakao.requests.splice(0));

const poster = () => new HttpCallbackPoster({ attemptTimeoutMs: 200, backoffMs: [50, 100] });
const reply = textResponse('최종 답변입니다');
const url = () => new URL(`${kakao.url}/v1/callbacks/token-1`);
const within = (ms: number) => new Date(Date.now() + ms);

describe('callback POST to Kakao (a local server on 127.0.0.1)', () => {
  it('sends the SkillResponse once', async () => {
    kakao.respondWith((_req, res) => kakaoCallbackOk(res));
    await expect(poster().post(url(), reply, within(2000))).resolves.toEqual({ status: 'SENT', attempts: 1 });
    expect(kakao.requests).toHaveLength(1);
    expect(kakao.requests[0]?.headers['content-type']).toContain('application/json');
    expectValidSkillResponse(JSON.parse(kakao.requests[0]?.body ?? ''));
  });

  it('retries a 500 and succeeds', async () => {
    kakao.respondWith((_req, res, i) => (i === 0 ? sendJson(res, 500, { message: 'oops' }) : kakaoCallbackOk(res)));
    await expect(poster().post(url(), reply, within(2000))).resolves.toEqual({ status: 'SENT', attempts: 2 });
  });

  it('retries a timeout until the window closes, then reports TIMEOUT', async () => {
    kakao.respondWith(() => undefined);
    const started = Date.now();
    const result = await poster().post(url(), reply, within(1000));
    expect(result.status).toBe('TIMEOUT');
    expect(result.attempts).toBeGreaterThanOrEqual(2);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('stops at once on an expired or reused token', async () => {
    kakao.respondWith((_req, res) => kakaoCallbackExpired(res));
    await expect(poster().post(url(), reply, within(2000))).resolves.toEqual({ status: 'EXPIRED', attempts: 1 });
    kakao.respondWith((_req, res) => sendJson(res, 400, { status: 'ERROR', message: 'Invalid callback token' }));
    await expect(poster().post(url(), reply, within(2000))).resolves.toEqual({ status: 'EXPIRED', attempts: 1 });
  });

  it('never follows a redirect', async () => {
    kakao.respondWith((_req, res) => {
      res.writeHead(302, { location: 'http://169.254.169.254/latest' });
      res.end();
    });
    await expect(poster().post(url(), reply, within(2000))).resolves.toEqual({ status: 'REJECTED', attempts: 1 });
    expect(kakao.requests).toHaveLength(1);
  });
});
