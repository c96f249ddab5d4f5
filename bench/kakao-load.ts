import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import autocannon from 'autocannon';
import type { Row } from './lib';

/**
 * Local Kakao endpoint under load: `npm start --in-memory` (real server, real kakao-webhook handler,
 * local store) in one process, autocannon in this one, FAQ turns on the service profile for ~10 s.
 * Every request carries a new user id, so each is a real turn (idempotency would replay repeats).
 */
const ROOT = join(__dirname, '..');
const SECRET = 'local-kakao-secret';

const startRuntime = (): Promise<{ url: string; child: ChildProcess }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'bin/aicc-cli.ts', 'start', '--in-memory', '--port', '0'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', POWERTOOLS_LOG_LEVEL: 'SILENT', KAKAO_SKILL_SECRET: SECRET },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`runtime not ready after 30 s:\n${out}`));
    }, 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /URL\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (!m?.[1]) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      resolve({ url: m[1], child });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  });

const body = (userId: string) =>
  JSON.stringify({
    intent: { id: 'i', name: '폴백 블록' },
    userRequest: { timezone: 'Asia/Seoul', lang: 'ko', utterance: '반품 기간이 어떻게 돼요', block: { id: 'b', name: '스킬' }, user: { id: userId, type: 'botUserKey', properties: {} } },
    bot: { id: 'bench-bot', name: 'bench' },
    action: { id: 'a', name: 'skill', params: {}, detailParams: {}, clientExtra: {} },
    contexts: [],
  });

export const runKakaoLoadBench = async (durationSeconds = 10, connections = 20): Promise<Row[]> => {
  const { url, child } = await startRuntime();
  try {
    // Warm the handler and the FAQ cache.
    for (let i = 0; i < 20; i++) {
      await fetch(`${url}/kakao/service`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-skill-secret': SECRET }, body: body(`warm-${i}`) });
    }
    let n = 0;
    const result = await autocannon({
      url: `${url}/kakao/service`,
      connections,
      duration: durationSeconds,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-skill-secret': SECRET },
          setupRequest: (req) => ({ ...req, body: body(`load-${process.pid}-${++n}`) }),
        },
      ],
    });
    return [
      {
        endpoint: 'POST /kakao/service (FAQ turn)',
        connections,
        durationS: durationSeconds,
        requests: result.requests.total,
        reqPerSec: result.requests.average,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
        target: '≥ 300 req/s',
      },
    ];
  } finally {
    child.kill('SIGINT');
    await new Promise((resolve) => child.once('exit', resolve));
  }
};
