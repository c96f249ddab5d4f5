import { fromSeoul } from '@domain/calendar';
import { formatStartup } from '../../../local/cli/start';
import { startRuntime, type Runtime } from '../../../local/runtime';
import { LoopbackServer, sendJson, upstageCompletion } from '../../support/kakao';

/**
 * The local-only API the console is built on, against the real runtime (in-memory store, real
 * handlers): step-wise calls, sample callers and clock presets, the console's static files, and the
 * Kakao callback sink receiving the late answer of a slow coaching reply (Upstage = a loopback peer
 * that answers after the sync budget).
 */
let runtime: Runtime;
let upstage: LoopbackServer;

const MONDAY_10AM = fromSeoul(2026, 11, 23, 10, 0).toISOString();
const MONDAY_9PM = fromSeoul(2026, 11, 23, 21, 0).toISOString();
const VIP = '+821012345678';
const REGULAR = '+821023456789';

interface CallState {
  callId: string;
  status: string;
  awaiting?: { kind: string; prompt?: string };
  events: { kind: string; text?: string }[];
  attributes: Record<string, string>;
  path: string[];
  lambdaCalls: { name: string }[];
  outcome?: { kind: string; queue?: string; priority?: number };
  callback?: { callbackId: string; scheduledAtText: string };
}

const call = async (path: string, body?: unknown, init: RequestInit = {}) => {
  const res = await fetch(`${runtime.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    ...init,
  });
  return { status: res.status, body: (await res.json()) as CallState & Record<string, unknown>, headers: res.headers };
};
const prompts = (s: CallState) => s.events.filter((e) => e.kind === 'prompt').map((e) => e.text);

beforeAll(async () => {
  upstage = await new LoopbackServer(async (_req, res) => {
    await new Promise((r) => setTimeout(r, 900));
    sendJson(res, 200, upstageCompletion('천천히 생각해 보니, 학생들과 함께 규칙을 정해 보는 것부터 시작해 보면 어떨까요?'));
  }).start();
  Object.assign(process.env, {
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    COACHING_LLM: 'upstage',
    UPSTAGE_API_KEY: 'test-key',
    UPSTAGE_BASE_URL: `${upstage.url}/v1`,
    KAKAO_SYNC_BUDGET_MS: '300',
  });
  runtime = await startRuntime({ inMemory: true, port: 0, callbackDispatchIntervalMs: 0 });
}, 30_000);

afterAll(async () => {
  await runtime?.close();
  await upstage?.stop();
});

describe('step-wise calls (POST /local/calls)', () => {
  it('a VIP in hours hears the greeting, asks for an agent and is queued to the VIP queue at top priority', async () => {
    const started = await call('/local/calls', { caller: VIP, channel: 'VOICE', at: MONDAY_10AM });
    expect(started.status).toBe(201);
    expect(started.body.status).toBe('awaiting-input');
    expect(started.body.awaiting).toMatchObject({ kind: 'speech' });
    expect(prompts(started.body)).toContain('김민수 고객님, 다시 찾아 주셔서 감사합니다.');
    expect(started.body.attributes).toMatchObject({ customerId: 'C-1001', isVip: 'true', hoursOpen: 'true' });

    const next = await call(`/local/calls/${started.body.callId}/input`, { utterance: '상담원 연결해 주세요' });
    expect(next.status).toBe(200);
    expect(next.body.events[0]).toMatchObject({ kind: 'input', text: '상담원 연결해 주세요' });
    expect(next.body.outcome).toEqual({ kind: 'QUEUED', queue: 'vip', queueName: 'AICC-VIP', priority: 1 });
    expect(next.body.status).toBe('ended');
    expect(next.body.lambdaCalls.map((c) => c.name)).toEqual(['customer-validation', 'chatbot-handler']);

    const whole = await call(`/local/calls/${started.body.callId}`);
    expect(whole.body.path[0]).toBe(whole.body.path.find(Boolean));
    expect(whole.body.path).toContain('transfer-to-queue');
    expect(prompts(whole.body)).toEqual([...prompts(started.body), ...prompts(next.body)]);

    expect((await call(`/local/calls/${started.body.callId}/input`, { utterance: '여보세요' })).status).toBe(409);
  }, 30_000);

  it('after hours, 1 (callback) then 1 (as soon as possible) books a callback: the outcome names it and the time is spoken', async () => {
    const started = await call('/local/calls', { caller: REGULAR, at: MONDAY_9PM });
    expect(started.body.awaiting).toMatchObject({ kind: 'dtmf' });
    expect(started.body.awaiting?.prompt).toContain('콜백을 예약하시려면 1번');
    const slot = await call(`/local/calls/${started.body.callId}/input`, { dtmf: '1' });
    expect(slot.body.awaiting?.prompt).toContain('가능한 빨리 받으시려면 1번');
    const done = await call(`/local/calls/${started.body.callId}/input`, { dtmf: '1' });
    expect(done.body.outcome).toEqual({ kind: 'DISCONNECTED' });
    expect(done.body.callback?.callbackId).toBeTruthy();
    expect(prompts(done.body).some((p) => p?.includes('콜백 예약이 완료되었습니다'))).toBe(true);
  }, 30_000);

  it('silence is re-prompted, and a hang-up ends the call at once', async () => {
    const started = await call('/local/calls', { caller: REGULAR, at: MONDAY_10AM });
    const quiet = await call(`/local/calls/${started.body.callId}/input`, { silence: true });
    expect(quiet.body.events.some((e) => e.kind === 'silence')).toBe(true);
    expect(quiet.body.status).toBe('awaiting-input');
    const gone = await call(`/local/calls/${started.body.callId}/input`, { hangup: true });
    expect(gone.body.outcome).toEqual({ kind: 'CALLER_HUNG_UP' });
  }, 30_000);

  it('an anonymous caller is treated as unknown', async () => {
    const started = await call('/local/calls', { caller: null, channel: 'CHAT', at: MONDAY_10AM });
    expect(started.body.attributes.customerFound).toBe('false');
    await call(`/local/calls/${started.body.callId}/input`, { hangup: true });
  }, 30_000);

  it('refuses bad input with 400 and unknown calls with 404', async () => {
    expect((await call('/local/calls', { channel: 'FAX' })).status).toBe(400);
    expect((await call('/local/calls', { at: 'yesterday' })).status).toBe(400);
    expect((await call('/local/calls', { queuesFull: ['nope'] })).status).toBe(400);
    const started = await call('/local/calls', { caller: REGULAR, at: MONDAY_9PM });
    expect((await call(`/local/calls/${started.body.callId}/input`, { dtmf: '12a' })).status).toBe(400);
    expect((await call(`/local/calls/${started.body.callId}/input`, {})).status).toBe(400);
    expect((await call('/local/calls/call-missing/input', { dtmf: '1' })).status).toBe(404);
    await call(`/local/calls/${started.body.callId}/input`, { hangup: true });
  }, 30_000);
});

describe('console support routes', () => {
  it('lists the four sample callers and clock presets (in hours, after hours, a 2026 holiday)', async () => {
    const callers = (await call('/local/calls/callers')).body.callers as { id: string; number?: string }[];
    expect(callers.map((c) => c.id)).toEqual(['vip', 'regular', 'unknown', 'anonymous']);
    expect(callers.find((c) => c.id === 'anonymous')?.number).toBeUndefined();
    const presets = (await call('/local/calls/clock-presets')).body.presets as { id: string; at: string }[];
    expect(presets.map((p) => p.id)).toEqual(['now', 'in-hours', 'after-hours', 'holiday']);
  });

  it('serves the console with a strict content security policy, and never a file outside it', async () => {
    const res = await fetch(`${runtime.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('Seed AICC');
    expect((await fetch(`${runtime.url}/console/app.js`)).headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${runtime.url}/console/..%2Fruntime.ts`)).status).toBe(404);
    expect((await fetch(`${runtime.url}/console/nope.js`)).status).toBe(404);
  });

  it('answers local-only routes only for requests addressed to 127.0.0.1 or localhost', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${runtime.url}/local/console/config`);
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, headers: { host: 'attacker.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('prints what a person needs at startup: URL, data, engines and the Kakao secret', () => {
    const text = formatStartup(runtime);
    expect(text).toContain(runtime.url);
    expect(text).toContain('in memory');
    expect(text).toContain('Upstage');
    expect(text).toContain('X-Skill-Secret: local-kakao-secret');
    expect(runtime.engines.nlu.engine).toBe('offline');
  });
});

describe('Kakao callback sink', () => {
  const skill = (userId: string, utterance: string, callbackUrl?: string) =>
    fetch(`${runtime.url}/kakao/coaching`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Skill-Secret': 'local-kakao-secret' },
      body: JSON.stringify({ userRequest: { utterance, ...(callbackUrl ? { callbackUrl } : {}), user: { id: userId, type: 'botUserKey' } } }),
    }).then(async (r) => (await r.json()) as { useCallback?: boolean; data?: { text: string }; template?: unknown });

  it('a slow coaching answer is acknowledged with the waiting text, then delivered to the console by callback', async () => {
    const user = `sink-${Date.now()}`;
    await skill(user, '교사');
    const { token, callbackUrl } = (await call('/local/kakao-callbacks', {})).body as unknown as { token: string; callbackUrl: string };
    expect(callbackUrl).toBe(`${runtime.url}/local/kakao-callbacks/${token}`);
    const ack = await skill(user, '학생들이 수업 시간에 너무 떠들어서 힘들어요', callbackUrl);
    expect(ack.useCallback).toBe(true);
    expect(ack.data?.text).toBeTruthy();
    const polled = (await call(`/local/kakao-callbacks/${token}?wait=20`)).body as unknown as { status: string; body: unknown };
    expect(polled.status).toBe('DELIVERED');
    expect(JSON.stringify(polled.body)).toContain('규칙을 정해 보는 것');
    // One-time like Kakao's: a second delivery is refused.
    const again = await fetch(callbackUrl, { method: 'POST', body: '{}' });
    expect(again.status).toBe(400);
  }, 30_000);

  it('refuses callbacks for tokens it never issued', async () => {
    const res = await fetch(`${runtime.url}/local/kakao-callbacks/AAAAAAAAAAAAAAAAAAAAAAAA`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(400);
    expect((await call('/local/kakao-callbacks/AAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
  });
});
