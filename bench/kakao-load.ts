import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon, { type RequestSpec } from 'autocannon';
import { LOCAL_ADMIN_TOKEN } from '../local/environment';
import type { Row } from './lib';

/**
 * Local Kakao endpoint under load: `npm start --in-memory` (real server, real kakao-webhook handler,
 * local store) in one process, autocannon in this one, FAQ turns on the service profile for ~10 s.
 * Every request carries a new user id, so each is a real turn (idempotency would replay repeats).
 */
const ROOT = join(__dirname, '..');
const SECRET = 'local-kakao-secret';

/**
 * The runtime runs as `node --import tsx bin/aicc-cli.ts start` (what `npm start` runs, without the tsx
 * CLI's relay process), so node flags reach it: KAKAO_LOAD_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"
 * profiles the server under load.
 */
const nodeArgs = (process.env.KAKAO_LOAD_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);

const startRuntime = (): Promise<{ url: string; child: ChildProcess }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'bin/aicc-cli.ts', 'start', '--in-memory', '--port', '0'], {
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

/**
 * CPU seconds (user + system) used so far by a process (all its threads) and by its main thread
 * (the one running the HTTP server and the Lambdas), from /proc (Linux); undefined elsewhere.
 */
const cpuSeconds = (pid: number | undefined): { process: number; main: number } | undefined => {
  if (pid === undefined) return undefined;
  // Fields after the command name (which may contain spaces): utime and stime are the 12th and 13th.
  const read = (path: string) => {
    const fields = readFileSync(path, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  };
  try {
    const figures = { process: read(`/proc/${pid}/stat`), main: read(`/proc/${pid}/task/${pid}/stat`) };
    return Number.isFinite(figures.process) && Number.isFinite(figures.main) ? figures : undefined;
  } catch {
    return undefined;
  }
};
/** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK). */
const CLOCK_TICKS = 100;

const post = async (url: string, userId: string): Promise<string> => {
  const res = await fetch(`${url}/kakao/service`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-skill-secret': SECRET }, body: body(userId) });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`warm-up: HTTP ${res.status} ${text}`);
  return text;
};

const seoulDay = (at = new Date()) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

/** Kakao turns and FAQ answers the statistics counted (the operations API, local token) from `from` to today. */
const countedTurns = async (url: string, from: string): Promise<{ turns: number; faqHits: number }> => {
  const res = await fetch(`${url}/admin/statistics?from=${from}&to=${seoulDay()}&channel=KAKAO`, { headers: { Authorization: `Bearer ${process.env.AICC_ADMIN_TOKEN ?? LOCAL_ADMIN_TOKEN}` } });
  if (res.status !== 200) throw new Error(`statistics: HTTP ${res.status} ${await res.text()}`);
  const { days } = (await res.json()) as { days: { total: { turns: number; faq: { hits: number } } }[] };
  return days.reduce((sum, d) => ({ turns: sum.turns + d.total.turns, faqHits: sum.faqHits + d.total.faq.hits }), { turns: 0, faqHits: 0 });
};

export const runKakaoLoadBench = async (durationSeconds = 10, connections = 20): Promise<Row[]> => {
  const { url, child } = await startRuntime();
  const firstDay = seoulDay();
  try {
    // The figure is only meaningful if every turn is the real FAQ answer (not the polite apology).
    const answer = await post(url, 'bench-check');
    if (!answer.includes('textCard') || !answer.includes('반품')) throw new Error(`the FAQ turn did not answer with the return-policy card: ${answer}`);
    // Warm-up under the same concurrency (JIT, sockets, FAQ index), not measured.
    let n = 0;
    const request: RequestSpec = {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-skill-secret': SECRET },
      setupRequest: (req) => ({ ...req, body: body(`load-${process.pid}-${++n}`) }),
    };
    await autocannon({ url: `${url}/kakao/service`, connections, amount: 400, requests: [request] });

    const serverBefore = cpuSeconds(child.pid);
    const benchBefore = process.cpuUsage();
    const result = await autocannon({ url: `${url}/kakao/service`, connections, duration: durationSeconds, requests: [request] });
    const serverAfter = cpuSeconds(child.pid);
    const bench = process.cpuUsage(benchBefore);
    const total = result.requests.total;
    const perRequest = (pick: (c: { process: number; main: number }) => number) =>
      serverBefore && serverAfter ? ((pick(serverAfter) - pick(serverBefore)) * 1000) / total : 'n/a (no /proc)';
    // Spot check after the load: a fresh user still gets the FAQ card.
    if (!(await post(url, 'bench-check-after')).includes('반품')) throw new Error('the FAQ turn stopped answering after the load');
    // Every answered request was a real turn: stored and counted (the statistics follow the stored
    // turns), each one an FAQ answer. Requests cut off when the load stopped may add a few more.
    const answered = 1 + 400 + result.requests.total + 1;
    const counted = await countedTurns(url, firstDay);
    if (counted.turns < answered || counted.faqHits !== counted.turns) {
      throw new Error(`expected at least ${answered} stored FAQ turns, the statistics count ${counted.turns} turns, ${counted.faqHits} FAQ answers`);
    }
    return [
      {
        endpoint: 'POST /kakao/service (FAQ turn)',
        connections,
        durationS: durationSeconds,
        requests: total,
        reqPerSec: result.requests.average,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        non2xx: result.non2xx,
        turnsStored: counted.turns,
        errors: result.errors + result.timeouts,
        // CPU per request, whatever else runs on the machine: the server process (all threads: the
        // Lambdas' thread, the store's, GC helpers) and its main thread alone (1000 / it = the
        // req/s that thread could serve on a core of its own).
        serverCpuMsPerReq: perRequest((c) => c.process),
        mainThreadCpuMsPerReq: perRequest((c) => c.main),
        benchCpuMsPerReq: ((bench.user + bench.system) / 1000) / total,
        target: '≥ 300 req/s',
      },
    ];
  } finally {
    child.kill('SIGINT');
    await new Promise((resolve) => child.once('exit', resolve));
  }
};
