import { readFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { FixedClock } from '@domain/clock';
import { createDocumentClient } from '../lambdas/adapters/dynamodb/client';
import { applyLocalEnvironment, LOCAL_KAKAO_SKILL_SECRET, LOCAL_TABLE_PREFIX } from '../local/environment';
import { seedSampleData } from '../local/seed/seed';
import { ensureTables, localDynamoClient, startLocalStore } from '../local/store';
import { summarize, time, type Row } from './lib';

/**
 * Warm handler latency (p50/p99) per Lambda against the local store, with the DynamoDB requests
 * each call makes. Every case's stores get the same document client through the wiring's own
 * overrides (`doc`), and a middleware on it counts the requests (`doc.middlewareStack`: the
 * document client shares its DynamoDB client's stack, so every request that goes out is counted
 * once, retries aside); `requests` lists those of the last call. Settings as deployed: FAQ cached 60 s, statistics
 * counted from the table stream (not in-process).
 */
const countingClient = (endpoint: string): { doc: DynamoDBDocumentClient; count: () => number; commands: () => string[]; reset: () => void } => {
  const doc = createDocumentClient({ endpoint });
  let commands: string[] = [];
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      commands.push(String(context.commandName ?? 'unknown').replace(/Command$/, ''));
      return next(args);
    },
    { step: 'initialize', name: 'benchRequestCounter' },
  );
  return { doc, count: () => commands.length, commands: () => commands, reset: () => (commands = []) };
};

/** "GetItem, Query, PutItem ×2": the requests one call made, in order, repeats folded. */
const describeRequests = (commands: readonly string[]): string => {
  const runs: [string, number][] = [];
  for (const c of commands) {
    const last = runs.at(-1);
    if (last && last[0] === c) last[1]++;
    else runs.push([c, 1]);
  }
  return runs.map(([c, k]) => (k > 1 ? `${c} ×${k}` : c)).join(', ');
};

interface Sample {
  readonly ms: number;
  /** Time the process ran on a core (the handler, the store, GC) */
  readonly cpuMs: number;
  /** Time this thread was ready to run but waited for a core (other work on the machine) */
  readonly waitMs: number;
  /** GC pauses */
  readonly gcMs: number;
}

/** Mean of each figure over the slowest 1 % of calls (at least one). */
const slowest = (samples: readonly Sample[]): Sample => {
  const worst = [...samples].sort((a, b) => b.ms - a.ms).slice(0, Math.max(1, Math.ceil(samples.length / 100)));
  const mean = (pick: (s: Sample) => number) => worst.reduce((sum, s) => sum + pick(s), 0) / worst.length;
  return { ms: mean((s) => s.ms), cpuMs: mean((s) => s.cpuMs), waitMs: mean((s) => s.waitMs), gcMs: mean((s) => s.gcMs) };
};

/**
 * Time on a core (this process: the handler and the store share its main thread; GC helpers
 * included) from getrusage, precise to the microsecond, and time this thread spent ready to run
 * but waiting for a core, from /proc/thread-self/schedstat (Linux; 0 elsewhere). The schedstat
 * run time is not used: it lags by up to a scheduler tick while the thread runs.
 */
const threadTimes = (): { cpuNs: number; waitNs: number } => {
  const usage = process.cpuUsage();
  let waitNs = 0;
  try {
    const wait = Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1]);
    if (Number.isFinite(wait)) waitNs = wait;
  } catch {
    // not Linux
  }
  return { cpuNs: (usage.user + usage.system) * 1000, waitNs };
};

/** Total GC pause time (ms) observed in this process so far. */
const watchGc = (): { readonly ms: number; stop(): void } => {
  const state = { ms: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) state.ms += entry.duration;
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    get ms() {
      return state.ms;
    },
    stop: () => observer.disconnect(),
  };
};

interface Case {
  readonly lambda: string;
  readonly label: string;
  readonly run: (i: number) => Promise<unknown>;
  /** Untimed, uncounted setup for call `i` (an earlier turn of the same conversation). */
  readonly prepare?: (i: number) => Promise<unknown>;
  readonly iterations?: number;
}

const SEED_TIME = new Date('2026-11-24T01:00:00Z');

export const runWarmBench = async (iterations = 500): Promise<Row[]> => {
  const store = await startLocalStore();
  try {
    const client = localDynamoClient(store.endpoint);
    const names = await ensureTables(client, LOCAL_TABLE_PREFIX);
    const counted = countingClient(store.endpoint);
    await seedSampleData(counted.doc, names, SEED_TIME);
    process.env.STATISTICS_INLINE = 'false';
    process.env.FAQ_CACHE_SECONDS = '60';
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    process.env.CALLBACK_SLOT_CAPACITY = '10000';
    applyLocalEnvironment(store.endpoint);

    const clock = new FixedClock(SEED_TIME); // Tuesday 10:00 in Seoul
    const { loadConfig } = await import('../lambdas/platform/config');
    const { createInstrumentation } = await import('../lambdas/platform/instrumentation');

    // chatbot-handler
    const chatbot = await import('../lambdas/chatbot-handler/handler');
    const { chatbotConfigSchema, createChatbotDeps } = await import('../lambdas/chatbot-handler/deps');
    const chatDeps = createChatbotDeps(loadConfig(chatbotConfigSchema), () => undefined, { clock, doc: counted.doc });
    const connectEvent = (contactId: string, text: string) => ({
      Name: 'ContactFlowEvent',
      Details: { ContactData: { ContactId: contactId, Channel: 'CHAT', CustomerEndpoint: { Address: '+821012345678', Type: 'TELEPHONE_NUMBER' }, Attributes: {} }, Parameters: { userInput: text } },
    });

    // callback-scheduler (booking)
    const callbacks = await import('../lambdas/callback-scheduler/handler');
    const { loadCallbackRules } = await import('../lambdas/callback-scheduler/config');
    const { DynamoCallbackCounters, DynamoCallbackRepository } = await import('../lambdas/adapters/dynamodb/callback-store');
    const rules = loadCallbackRules();
    const bookingDeps = {
      repository: new DynamoCallbackRepository(counted.doc, rules.tableName, clock),
      capacity: new DynamoCallbackCounters(counted.doc, rules.tableName, clock),
      calendar: rules.calendar,
      clock,
      policy: rules.policy,
    };
    const bookEvent = (i: number) => ({
      Name: 'ContactFlowEvent',
      Details: {
        ContactData: { ContactId: `bench-book-${i}`, Channel: 'VOICE', CustomerEndpoint: { Address: `+8210${String(20000000 + i)}`, Type: 'TELEPHONE_NUMBER' }, Attributes: {} },
        Parameters: { operation: 'book', requestedAt: '2026-11-24T15:00:00+09:00' },
      },
    });

    // kakao-webhook (service and coaching)
    const kakao = await import('../lambdas/kakao-webhook/handler');
    const { createKakaoApp, loadKakaoConfig } = await import('../lambdas/kakao-webhook/dependencies');
    const kakaoApp = createKakaoApp(loadKakaoConfig({ ...process.env, COACHING_LLM: 'offline' }), createInstrumentation('bench'), { clock, doc: counted.doc });
    const skill = (profile: string, userId: string, utterance: string) => ({
      resource: '/kakao/{profile}',
      path: `/kakao/${profile}`,
      httpMethod: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Skill-Secret': LOCAL_KAKAO_SKILL_SECRET },
      pathParameters: { profile },
      body: JSON.stringify({
        intent: { id: 'i', name: '폴백 블록' },
        userRequest: { timezone: 'Asia/Seoul', lang: 'ko', utterance, block: { id: 'b', name: '스킬' }, user: { id: userId, type: 'botUserKey', properties: {} } },
        bot: { id: 'bench-bot', name: 'bench' },
        action: { id: 'a', name: 'skill', params: {}, detailParams: {}, clientExtra: {} },
        contexts: [],
      }),
      isBase64Encoded: false,
    });
    const coachingUsers = new Map<number, string>();
    const coachUser = async (i: number) => {
      const id = `bench-coach-${i}`;
      if (!coachingUsers.has(i)) {
        await kakao.handleKakaoRequest(skill('coaching', id, '교사'), kakaoApp);
        coachingUsers.set(i, id);
      }
      return id;
    };

    // admin-api (list)
    const admin = await import('../lambdas/admin-api/handler');
    const { createAdminApp, loadAdminConfig } = await import('../lambdas/admin-api/dependencies');
    const adminApp = createAdminApp(loadAdminConfig(), { clock, doc: counted.doc });
    const adminEvent = (path: string, query: Record<string, string> | null = null) => ({
      resource: '/admin/{proxy+}',
      path,
      httpMethod: 'GET',
      headers: { Authorization: `Bearer ${process.env.AICC_ADMIN_TOKEN ?? ''}` },
      queryStringParameters: query,
      pathParameters: { proxy: path.replace(/^\/admin\//, '') },
      requestContext: { stage: 'local', requestId: 'bench', identity: { userArn: null, caller: null } },
      body: null,
      isBase64Encoded: false,
    });

    const cases: Case[] = [
      { lambda: 'chatbot-handler', label: 'FAQ turn (new contact)', run: (i) => chatbot.answerConnect(connectEvent(`bench-faq-${i}`, '반품 기간이 어떻게 돼요'), chatDeps) },
      { lambda: 'chatbot-handler', label: 'intent turn (agent request)', run: (i) => chatbot.answerConnect(connectEvent(`bench-agent-${i}`, '상담원 연결해 주세요'), chatDeps) },
      {
        lambda: 'chatbot-handler',
        label: 'second turn (same contact)',
        prepare: (i) => chatbot.answerConnect(connectEvent(`bench-two-${i}`, '배송은 얼마나 걸리나요'), chatDeps),
        run: (i) => chatbot.answerConnect(connectEvent(`bench-two-${i}`, '반품은 어떻게 하나요'), chatDeps),
      },
      { lambda: 'callback-scheduler', label: 'book at a requested time', run: (i) => callbacks.handleCallbackRequest(bookEvent(i), bookingDeps) },
      { lambda: 'kakao-webhook', label: 'service FAQ turn', run: (i) => kakao.handleKakaoRequest(skill('service', `bench-svc-${i}`, '반품 기간이 어떻게 돼요'), kakaoApp) },
      {
        lambda: 'kakao-webhook',
        label: 'coaching turn (offline coach)',
        iterations: 300,
        prepare: (i) => coachUser(i),
        run: (i) => kakao.handleKakaoRequest(skill('coaching', `bench-coach-${i}`, `학생들과 관계가 어려워요 ${i}`), kakaoApp),
      },
      { lambda: 'admin-api', label: 'GET /admin/faq', run: () => admin.handleAdminRequest(adminEvent('/admin/faq'), adminApp) },
      { lambda: 'admin-api', label: 'GET /admin/callbacks?day=', run: () => admin.handleAdminRequest(adminEvent('/admin/callbacks', { day: '2026-11-24' }), adminApp) },
    ];

    const rows: Row[] = [];
    const gc = watchGc();
    let offset = 0;
    for (const c of cases) {
      const n = c.iterations ?? iterations;
      // Warm-up: the first calls pay for JIT and connection setup.
      for (let i = 0; i < 20; i++) {
        await c.prepare?.(offset + i);
        await c.run(offset + i);
      }
      offset += 20;
      const samples: Sample[] = [];
      let requests = 0;
      let typical = '';
      for (let i = 0; i < n; i++) {
        await c.prepare?.(offset + i);
        counted.reset();
        const before = threadTimes();
        const gcBefore = gc.ms;
        const [answer, ms] = await time(() => c.run(offset + i));
        const after = threadTimes();
        const status = (answer as { statusCode?: number } | undefined)?.statusCode;
        if (status !== undefined && status !== 200) throw new Error(`${c.lambda} ${c.label}: HTTP ${status} ${(answer as { body?: string }).body ?? ''}`);
        samples.push({ ms, cpuMs: (after.cpuNs - before.cpuNs) / 1e6, waitMs: (after.waitNs - before.waitNs) / 1e6, gcMs: gc.ms - gcBefore });
        requests += counted.count();
        if (i === n - 1) typical = describeRequests(counted.commands());
      }
      offset += n;
      const s = summarize(samples.map((x) => x.ms));
      const slow = slowest(samples);
      const f = (ms: number) => (ms >= 10 ? ms.toFixed(0) : ms.toFixed(1));
      rows.push({
        lambda: c.lambda,
        case: c.label,
        n,
        p50Ms: s.p50,
        p99Ms: s.p99,
        // Without the time the thread was ready to run but waited for a core (other work on the
        // machine): what the call costs on a quiet machine (the handler, the store and GC pauses all
        // run on this thread).
        p99NoWaitMs: summarize(samples.map((x) => x.ms - x.waitMs)).p99,
        // The slowest 1 % of calls, explained (CPU: the whole process, parallel GC and JIT threads included).
        slowest1pct: `${f(slow.ms)} ms: ${f(slow.waitMs)} waiting for a core, GC pauses ${f(slow.gcMs)}, CPU ${f(slow.cpuMs)}`,
        dynamoRequestsPerCall: requests / n,
        requests: typical,
        target: 'p99 ≤ 30 ms' + (c.lambda === 'chatbot-handler' ? ', ≤ 2 requests' : ''),
      });
    }
    gc.stop();
    counted.doc.destroy();
    client.destroy();
    return rows;
  } finally {
    await store.close();
  }
};
