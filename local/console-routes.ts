import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { BusinessCalendar, fromSeoul, parseBusinessHours, publicHolidayNames, toSeoul, addSeoulDays, formatKoreanDateTime } from '../lambdas/domain/calendar';
import { tryParsePhoneNumber } from '../lambdas/domain/phone';
import { QUEUE_KEYS, QUEUES, type QueueKey } from '../lib/connect-resources';
import type { CallSessions} from './call-sessions';
import { CallNotAwaitingInput, CallNotFound, TooManyCalls, type CallInput } from './call-sessions';
import type { ActiveEngines } from './engines';
import type { KakaoCallbackSink} from './kakao-callback-sink';
import { TOKEN_PATTERN } from './kakao-callback-sink';
import { SAMPLE_CUSTOMERS } from './seed/seed';
import { json, type LocalRequest, type LocalResponse, type LocalServer, type RouteHandler } from './server';

/**
 * Routes of the local runtime that exist only on one machine: the web console (static files at `/`),
 * the step-wise call simulator, sample callers and clock presets, and the local Kakao callback sink.
 * None of these is part of the API Gateway surface deployed to AWS.
 */
export const CONSOLE_DIR = join(__dirname, 'console');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
};

/** Same-origin only, no inline script: the console never loads anything from elsewhere. */
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

/** A sample caller for the call simulator. */
export interface SampleCaller {
  readonly id: 'vip' | 'regular' | 'unknown' | 'anonymous';
  readonly label: string;
  readonly description: string;
  readonly number?: string;
  readonly display: string;
}

export const sampleCallers = (): SampleCaller[] => {
  const vip = SAMPLE_CUSTOMERS.find((c) => c.tier === 'VIP');
  const regular = SAMPLE_CUSTOMERS.find((c) => c.tier === 'REGULAR' && !('locked' in c));
  const display = (e164: string) => tryParsePhoneNumber(e164)?.national ?? e164;
  const unknown = '+821099998888';
  return [
    ...(vip ? [{ id: 'vip' as const, label: `VIP 고객 (${vip.name})`, description: '등록된 VIP 고객: VIP 전용 대기열, 최우선 연결', number: vip.phoneE164, display: display(vip.phoneE164) }] : []),
    ...(regular ? [{ id: 'regular' as const, label: `일반 고객 (${regular.name})`, description: '등록된 일반 고객', number: regular.phoneE164, display: display(regular.phoneE164) }] : []),
    { id: 'unknown', label: '미등록 번호', description: '고객 정보에 없는 번호', number: unknown, display: display(unknown) },
    { id: 'anonymous', label: '발신번호 표시 제한', description: '번호가 전달되지 않은 전화', display: '표시 제한' },
  ];
};

export interface ClockPreset {
  readonly id: 'now' | 'in-hours' | 'after-hours' | 'holiday';
  readonly label: string;
  readonly at: string;
  readonly text: string;
}

/** Clock presets relative to `now`: the next opening hour, the next weekday evening, a 2026 public holiday. */
export const clockPresets = (now: Date = new Date(), businessHours?: string): ClockPreset[] => {
  const calendar = new BusinessCalendar(parseBusinessHours(businessHours));
  const inHours = calendar.isOpen(now) ? now : (() => {
    const open = calendar.nextOpen(now);
    const p = toSeoul(open);
    // An hour after opening reads more naturally than the opening minute itself.
    const later = fromSeoul(p.year, p.month, p.day, p.hour + 1, 0);
    return calendar.isOpen(later) ? later : open;
  })();
  let evening = now;
  for (let i = 0; i < 14; i++) {
    const p = toSeoul(addSeoulDays(now, i));
    const candidate = fromSeoul(p.year, p.month, p.day, 21, 0);
    if (candidate.getTime() > now.getTime() && calendar.isBusinessDay(candidate)) {
      evening = candidate;
      break;
    }
  }
  // A public holiday on a weekday in 2026 (추석 by default), so "closed" is the holiday, not the weekend.
  let holiday = fromSeoul(2026, 9, 25, 11, 0);
  for (let d = fromSeoul(2026, 1, 1, 11, 0); toSeoul(d).year === 2026; d = addSeoulDays(d, 1)) {
    const p = toSeoul(d);
    if (d.getTime() >= now.getTime() && p.weekday >= 1 && p.weekday <= 5 && publicHolidayNames(p.dateKey)) {
      holiday = d;
      break;
    }
  }
  const holidayName = publicHolidayNames(toSeoul(holiday).dateKey)?.join(', ') ?? '공휴일';
  const preset = (id: ClockPreset['id'], label: string, at: Date): ClockPreset => ({ id, label, at: at.toISOString(), text: formatKoreanDateTime(at) });
  return [
    preset('now', '지금', now),
    preset('in-hours', '상담 시간 (평일 낮)', inHours),
    preset('after-hours', '상담 시간 외 (평일 밤)', evening),
    preset('holiday', `공휴일 (${holidayName})`, holiday),
  ];
};

const readJson = (request: LocalRequest): Record<string, unknown> => {
  if (request.body.length === 0) return {};
  const value: unknown = JSON.parse(request.body.toString('utf8'));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SyntaxError('body must be a JSON object');
  return value as Record<string, unknown>;
};

const badRequest = (message: string) => json(400, { error: message });

const parseStart = (body: Record<string, unknown>) => {
  const caller = body.caller;
  if (caller !== undefined && caller !== null && caller !== '' && (typeof caller !== 'string' || caller.length > 32)) throw new RangeError('caller must be a phone number');
  const channel = String(body.channel ?? 'VOICE').toUpperCase();
  if (channel !== 'VOICE' && channel !== 'CHAT') throw new RangeError('channel must be VOICE or CHAT');
  let at: Date | undefined;
  if (body.at !== undefined && body.at !== null && body.at !== '') {
    at = new Date(String(body.at));
    if (Number.isNaN(at.getTime())) throw new RangeError('at must be an ISO date-time');
  }
  const queueWaiting: Partial<Record<QueueKey, number>> = {};
  if (body.queuesFull !== undefined) {
    if (!Array.isArray(body.queuesFull)) throw new RangeError('queuesFull must be a list of queue keys');
    for (const key of body.queuesFull) {
      if (!QUEUE_KEYS.includes(key as QueueKey)) throw new RangeError(`unknown queue ${String(key)}`);
      queueWaiting[key as QueueKey] = QUEUES[key as QueueKey].maxContacts;
    }
  }
  return { ...(typeof caller === 'string' && caller ? { caller } : {}), channel: channel as 'VOICE' | 'CHAT', ...(at ? { at } : {}), queueWaiting };
};

const parseInput = (body: Record<string, unknown>): CallInput => {
  if (body.hangup === true) return { hangup: true };
  if (body.silence === true) return { silence: true };
  if (typeof body.dtmf === 'string') {
    if (!/^[0-9*#]{1,20}$/.test(body.dtmf)) throw new RangeError('dtmf takes 1 to 20 of 0-9 * #');
    return { dtmf: body.dtmf };
  }
  if (typeof body.utterance === 'string') {
    const text = body.utterance.trim();
    if (!text || [...text].length > 500) throw new RangeError('utterance must be 1 to 500 characters');
    return { utterance: text };
  }
  throw new RangeError('send one of utterance, dtmf, silence or hangup');
};

/**
 * Local-only routes answer only requests addressed to this machine by name (127.0.0.1 / localhost):
 * a page elsewhere that rebinds its DNS to 127.0.0.1 cannot drive the simulator or read the secret.
 */
export const localOnly =
  (handler: RouteHandler): RouteHandler =>
  async (request) => {
    const host = String(request.headers.host ?? '');
    if (!/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/i.test(host)) return json(403, { error: 'local runtime only answers requests for 127.0.0.1 or localhost' });
    return handler(request);
  };

export interface ConsoleRouteOptions {
  readonly calls: CallSessions;
  readonly sink: KakaoCallbackSink;
  readonly engines: ActiveEngines;
  /** The server's own URL, known after listen (for callback URLs) */
  readonly baseUrl: () => string;
  readonly kakao: { readonly secretHeader: string; readonly secret: string };
  readonly dataDir?: string;
}

const consoleFileNames = (): Set<string> => new Set(readdirSync(CONSOLE_DIR).filter((name) => CONTENT_TYPES[extname(name)] !== undefined));

export const mountConsoleRoutes = (server: LocalServer, options: ConsoleRouteOptions): void => {
  const { calls, sink } = options;
  // Files are read per request in development (edit and reload), from a fixed list: no path from the URL reaches the disk.
  const names = consoleFileNames();
  const file = (name: string): LocalResponse => {
    if (!names.has(name)) return json(404, { error: 'not found' });
    const type = CONTENT_TYPES[extname(name)] ?? 'application/octet-stream';
    return { status: 200, headers: { 'content-type': type, ...SECURITY_HEADERS }, body: readFileSync(join(CONSOLE_DIR, name)) };
  };
  server.route('GET', '/', localOnly(async () => file('index.html')));
  server.route('GET', '/console/{file}', localOnly(async (r) => file(r.params.file ?? '')));

  server.route(
    'GET',
    '/local/console/config',
    localOnly(async () =>
      json(200, {
        engines: options.engines,
        dataDir: options.dataDir ?? null,
        kakao: { profiles: ['coaching', 'service'], secretHeader: options.kakao.secretHeader, secret: options.kakao.secret },
        // The local operations API token (documented default or AICC_ADMIN_TOKEN), like the Kakao secret printed at startup.
        admin: process.env.AICC_ADMIN_TOKEN ? { token: process.env.AICC_ADMIN_TOKEN } : null,
        queues: Object.fromEntries(QUEUE_KEYS.map((k) => [k, { name: QUEUES[k].name, description: QUEUES[k].description }])),
      }),
    ),
  );
  server.route('GET', '/local/calls/callers', localOnly(async () => json(200, { callers: sampleCallers() })));
  server.route('GET', '/local/calls/clock-presets', localOnly(async () => json(200, { presets: clockPresets(new Date(), process.env.BUSINESS_HOURS) })));

  const callError = (error: unknown): LocalResponse => {
    if (error instanceof CallNotFound) return json(404, { error: error.message });
    if (error instanceof CallNotAwaitingInput) return json(409, { error: error.message });
    if (error instanceof TooManyCalls) return json(429, { error: error.message });
    if (error instanceof SyntaxError || error instanceof RangeError) return badRequest(error.message);
    throw error;
  };
  server.route(
    'POST',
    '/local/calls',
    localOnly(async (request) => {
      try {
        return json(201, await calls.start(parseStart(readJson(request))));
      } catch (error) {
        return callError(error);
      }
    }),
  );
  server.route(
    'GET',
    '/local/calls/{id}',
    localOnly(async (request) => {
      try {
        return json(200, calls.get(request.params.id ?? ''));
      } catch (error) {
        return callError(error);
      }
    }),
  );
  server.route(
    'POST',
    '/local/calls/{id}/input',
    localOnly(async (request) => {
      try {
        return json(200, await calls.input(request.params.id ?? '', parseInput(readJson(request))));
      } catch (error) {
        return callError(error);
      }
    }),
  );

  // Kakao callback sink: issue a one-time URL, receive the callback, long-poll for it.
  server.route(
    'POST',
    '/local/kakao-callbacks',
    localOnly(async () => {
      const token = sink.issue();
      return json(201, { token, callbackUrl: `${options.baseUrl()}/local/kakao-callbacks/${token}` });
    }),
  );
  server.route('POST', '/local/kakao-callbacks/{token}', async (request) => {
    // Called by the kakao-webhook worker (server to server), answered the way Kakao's endpoint answers.
    const token = request.params.token ?? '';
    let body: unknown;
    try {
      body = JSON.parse(request.body.toString('utf8'));
    } catch {
      return json(400, { status: 'FAIL', message: 'body must be JSON' });
    }
    const result = TOKEN_PATTERN.test(token) ? sink.deliver(token, body) : 'UNKNOWN_TOKEN';
    if (result === 'ACCEPTED') return json(200, { taskId: token, status: 'SUCCESS', message: '', timestamp: Date.now() });
    return json(400, { taskId: token, status: 'FAIL', message: result === 'EXPIRED' ? 'callback token expired' : 'invalid callback token' });
  });
  server.route(
    'GET',
    '/local/kakao-callbacks/{token}',
    localOnly(async (request) => {
      const token = request.params.token ?? '';
      if (!TOKEN_PATTERN.test(token)) return json(404, { status: 'UNKNOWN_TOKEN' });
      const waitSeconds = Math.min(Math.max(Number(request.query.get('wait') ?? 0) || 0, 0), 25);
      const result = await sink.wait(token, waitSeconds * 1000);
      return json(result.status === 'UNKNOWN_TOKEN' ? 404 : 200, result);
    }),
  );
};
