import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The local HTTP server: a small router on 127.0.0.1. Later features mount their routes
 * (Kakao skill, operations API, console) through `route`.
 */
export interface LocalRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly params: Record<string, string>;
  readonly body: Buffer;
}

export interface LocalResponse {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
}

export type RouteHandler = (request: LocalRequest) => Promise<LocalResponse>;

export const MAX_BODY_BYTES = 256 * 1024;

export const json = (status: number, value: unknown, headers: Record<string, string> = {}): LocalResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(value),
});

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly names: string[];
  readonly handler: RouteHandler;
}

export class LocalServer {
  readonly #routes: Route[] = [];
  #server?: Server;

  /** `path` may hold `{name}` segments (`/kakao/{profile}`) and a trailing `{rest+}`. */
  route(method: string, path: string, handler: RouteHandler): this {
    const names: string[] = [];
    const source = path
      .split('/')
      .map((segment) => {
        const m = /^\{(\w+)(\+?)\}$/.exec(segment);
        if (!m) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(m[1] ?? '');
        return m[2] ? '(.+)' : '([^/]+)';
      })
      .join('/');
    this.#routes.push({ method: method.toUpperCase(), pattern: new RegExp(`^${source}$`), names, handler });
    return this;
  }

  async handle(request: Omit<LocalRequest, 'params'>): Promise<LocalResponse> {
    let pathMatched = false;
    for (const route of this.#routes) {
      const m = route.pattern.exec(request.path);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== request.method && route.method !== '*') continue;
      const params = Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? '')]));
      return route.handler({ ...request, params });
    }
    return pathMatched ? json(405, { error: 'method not allowed' }) : json(404, { error: 'not found' });
  }

  async listen(port: number, host = '127.0.0.1'): Promise<string> {
    this.#server = createServer((req, res) => void this.#serve(req, res));
    await new Promise<void>((resolve, reject) => {
      this.#server?.once('error', reject);
      this.#server?.listen(port, host, () => resolve());
    });
    const address = this.#server.address() as AddressInfo;
    return `http://${host}:${address.port}`;
  }

  async close(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    server.closeIdleConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const send = (r: LocalResponse): void => {
      if (res.headersSent) return;
      res.writeHead(r.status, r.headers ?? {});
      res.end(r.body ?? '');
    };
    try {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size > MAX_BODY_BYTES) {
          send(json(413, { error: `request body over ${MAX_BODY_BYTES} bytes` }));
          req.destroy();
          return;
        }
        chunks.push(chunk as Buffer);
      }
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      send(
        await this.handle({
          method: (req.method ?? 'GET').toUpperCase(),
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body: Buffer.concat(chunks),
        }),
      );
    } catch (error) {
      console.error('local server: unhandled error', error instanceof Error ? error.name : error);
      send(json(500, { error: 'internal error' }));
    }
  }
}
