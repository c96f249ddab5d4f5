import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { validateSkillResponse, type SkillResponse, type TemplateResponse } from '@domain/kakao/skill-response';

/**
 * Shared test helpers for the Kakao channel. `expectValidSkillResponse` is the one check every
 * test applies to every reply: it runs the same validator the handler guards itself with.
 */
export const expectValidSkillResponse = (value: unknown): SkillResponse => {
  expect(validateSkillResponse(value)).toEqual([]);
  return value as SkillResponse;
};

/** All visible text of a reply (bubbles, cards, quick-reply labels) in one string. */
export const replyText = (value: unknown): string => {
  const r = value as Partial<TemplateResponse> & { data?: { text?: string } };
  const outputs = (r.template?.outputs ?? []) as unknown as Record<string, Record<string, unknown>>[];
  const parts = outputs.flatMap((o) => [
    String(o.simpleText?.text ?? ''),
    String(o.textCard?.title ?? ''),
    String(o.textCard?.description ?? ''),
    ...((o.textCard?.buttons as { label: string }[] | undefined) ?? []).map((b) => b.label),
  ]);
  return [...parts, ...(r.template?.quickReplies ?? []).map((q) => q.label), r.data?.text ?? ''].filter(Boolean).join('\n');
};

export const quickReplyLabels = (value: unknown): string[] => ((value as TemplateResponse).template?.quickReplies ?? []).map((q) => q.label);

export const EVENTS_DIR = join(__dirname, '../../events/kakao-webhook');
export const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(EVENTS_DIR, name), 'utf8')) as Record<string, unknown>;

export const LOCAL_SECRET = 'local-kakao-secret';

/** A skill request body as Kakao sends it. */
export const skillBody = (userId: string, utterance: string, extra: Record<string, unknown> = {}) => ({
  intent: { id: 'intent-1', name: '폴백 블록' },
  userRequest: {
    timezone: 'Asia/Seoul',
    lang: 'ko',
    utterance,
    block: { id: 'block-1', name: '스킬' },
    user: { id: userId, type: 'botUserKey', properties: {} },
    ...extra,
  },
  bot: { id: 'bot-test', name: 'test' },
  action: { id: 'action-1', name: 'skill', params: {}, detailParams: {}, clientExtra: {} },
  contexts: [],
});

/** An API Gateway REST proxy event for `POST /kakao/{profile}`. */
export const apiEvent = (profile: string, body: unknown, headers: Record<string, string> = { 'X-Skill-Secret': LOCAL_SECRET }) => ({
  resource: '/kakao/{profile}',
  path: `/kakao/${profile}`,
  httpMethod: 'POST',
  headers: { 'Content-Type': 'application/json', ...headers },
  pathParameters: { profile },
  body: typeof body === 'string' ? body : JSON.stringify(body),
  isBase64Encoded: false,
});

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

type Responder = (request: RecordedRequest, res: ServerResponse, index: number) => void | Promise<void>;

/**
 * A real HTTP server on 127.0.0.1 standing in for a remote peer (Kakao's callback endpoint, the
 * Upstage API). Each request is recorded, then answered by the responder.
 */
export class LoopbackServer {
  readonly requests: RecordedRequest[] = [];
  #server?: Server;
  #url = '';
  readonly #open = new Set<ServerResponse>();

  constructor(private responder: Responder) {}

  respondWith(responder: Responder): void {
    this.responder = responder;
  }

  get url(): string {
    return this.#url;
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const recorded = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        this.requests.push(recorded);
        this.#open.add(res);
        res.on('close', () => this.#open.delete(res));
        void this.responder(recorded, res, this.requests.length - 1);
      });
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', () => resolve()));
    this.#url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.#open) res.destroy();
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()) ?? resolve());
  }
}

export const sendJson = (res: ServerResponse, status: number, value: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
};

/** Kakao's callback answer. */
export const kakaoCallbackOk = (res: ServerResponse) => sendJson(res, 200, { taskId: 'task-1', status: 'SUCCESS', message: '', timestamp: Date.now() });
export const kakaoCallbackExpired = (res: ServerResponse) =>
  sendJson(res, 200, { taskId: 'task-1', status: 'FAIL', message: 'Invalid callback token', timestamp: Date.now() });

/** An OpenAI-compatible chat completion as Upstage answers it. */
export const upstageCompletion = (content: string) => ({
  id: 'chatcmpl-test',
  object: 'chat.completion',
  created: Math.floor(Date.now() / 1000),
  model: 'solar-pro2',
  choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 100, completion_tokens: 40, total_tokens: 140 },
});
