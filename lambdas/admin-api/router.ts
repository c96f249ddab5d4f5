import { z } from 'zod';
import { AiccError, ConflictError, NotFoundError, ValidationError } from '@domain/errors';
import { DeletedEntryError, VersionConflictError } from '@domain/operations/faq-admin';
import type { ProxyResult } from '../platform/api-gateway';
import { authenticate } from './auth';
import type { AdminApp } from './dependencies';
import { buildOpenApi } from './openapi';
import { ADMIN_ROUTE_KEYS, splitRouteKey, type AdminRouteKey } from './route-table';
import { ROUTES, type Reply } from './routes';

/**
 * The operations API's router: API Gateway (REST proxy) event in, response out. Order matters:
 * authenticate first (an unauthenticated caller learns nothing, not even which paths exist), then
 * match the route, validate path, query and body with the route's schemas, run, map errors.
 */
const eventSchema = z
  .object({
    httpMethod: z.string().catch('GET'),
    path: z.string().catch('/'),
    headers: z.record(z.string(), z.string().optional().catch(undefined)).nullish().catch(null),
    queryStringParameters: z.record(z.string(), z.string().optional().catch(undefined)).nullish().catch(null),
    body: z.string().nullish().catch(null),
    isBase64Encoded: z.boolean().optional().catch(false),
    requestContext: z
      .object({
        identity: z
          .object({ userArn: z.string().nullish().catch(null), caller: z.string().nullish().catch(null), accessKey: z.string().nullish().catch(null) })
          .partial()
          .optional()
          .catch(undefined),
      })
      .partial()
      .optional()
      .catch(undefined),
  })
  .partial();

const COMPILED = ADMIN_ROUTE_KEYS.map((key) => {
  const { method, path } = splitRouteKey(key);
  const names: string[] = [];
  const source = path
    .split('/')
    .map((segment) => {
      const m = /^\{(\w+)\}$/.exec(segment);
      if (!m) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(m[1] ?? '');
      return '([^/]+)';
    })
    .join('/');
  return { key, method, pattern: new RegExp(`^${source}/?$`), names };
});

const HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

const json = (statusCode: number, value: unknown, headers: Record<string, string> = {}): ProxyResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', ...HEADERS, ...headers },
  body: JSON.stringify(value),
});

const problems = (where: string, error: z.ZodError): string[] => error.issues.map((i) => `${[where, ...i.path].join('.')}: ${i.message}`);

export interface RequestLog {
  readonly route: string;
  readonly status: number;
  readonly errorName?: string;
}

export const routeAdminRequest = async (event: unknown, app: AdminApp, log: (entry: RequestLog) => void): Promise<ProxyResult> => {
  const parsed = eventSchema.safeParse(event ?? {});
  const e = parsed.success ? parsed.data : {};
  const method = (e.httpMethod ?? 'GET').toUpperCase();
  // API Gateway may pass the stage or a custom-domain base path in front: route on what follows /admin.
  const rawPath = e.path ?? '/';
  const at = rawPath.indexOf('/admin');
  const path = at >= 0 ? rawPath.slice(at) : rawPath;
  const headers = e.headers ?? {};

  const auth = authenticate(app.config.ADMIN_AUTH, { headers, identity: e.requestContext?.identity ?? undefined }, app.config.AICC_ADMIN_TOKEN);
  if (!auth.ok) {
    log({ route: 'unauthenticated', status: 401 });
    return json(401, { error: 'authentication required', code: 'UNAUTHORIZED' }, app.config.ADMIN_AUTH === 'token' ? { 'www-authenticate': 'Bearer realm="aicc-admin"' } : {});
  }

  const candidates = COMPILED.map((r) => ({ r, m: r.pattern.exec(path) })).filter((c) => c.m);
  const hit = candidates.find((c) => c.r.method === method);
  if (!hit?.m) {
    const status = candidates.length > 0 ? 405 : 404;
    log({ route: `${method} unknown`, status });
    return status === 405
      ? json(405, { error: 'method not allowed', code: 'METHOD_NOT_ALLOWED' }, { allow: candidates.map((c) => c.r.method).join(', ') })
      : json(404, { error: 'no such route', code: 'NOT_FOUND' });
  }
  const key: AdminRouteKey = hit.r.key;
  const spec = ROUTES[key];
  const respond = (result: ProxyResult, errorName?: string): ProxyResult => {
    log({ route: key, status: result.statusCode, ...(errorName ? { errorName } : {}) });
    return result;
  };

  try {
    const issues: string[] = [];
    const rawParams = Object.fromEntries(hit.r.names.map((n, i) => [n, decodeURIComponent(hit.m?.[i + 1] ?? '')]));
    const params = spec.params ? spec.params.safeParse(rawParams) : { success: true as const, data: {} };
    if (!params.success) issues.push(...problems('path', params.error));
    const rawQuery = Object.fromEntries(Object.entries(e.queryStringParameters ?? {}).filter(([, v]) => v !== undefined));
    const query = spec.query ? spec.query.safeParse(rawQuery) : Object.keys(rawQuery).length === 0 ? { success: true as const, data: {} } : undefined;
    if (!query) issues.push('query: this route takes no query parameters');
    else if (!query.success) issues.push(...problems('query', query.error));

    let body: unknown = undefined;
    if (spec.body) {
      const raw = e.body ? (e.isBase64Encoded ? Buffer.from(e.body, 'base64') : Buffer.from(e.body, 'utf8')) : Buffer.alloc(0);
      if (raw.length > app.config.ADMIN_MAX_BODY_BYTES) return respond(json(413, { error: 'request body too large', code: 'PAYLOAD_TOO_LARGE' }));
      let value: unknown;
      try {
        value = raw.length === 0 ? undefined : JSON.parse(raw.toString('utf8'));
      } catch {
        return respond(json(400, { error: 'invalid request', code: 'VALIDATION_ERROR', issues: ['body: not JSON'] }));
      }
      const checked = spec.body.safeParse(value);
      if (!checked.success) issues.push(...problems('body', checked.error));
      else body = checked.data;
    }
    if (issues.length > 0 || !params.success || !query?.success) {
      return respond(json(400, { error: 'invalid request', code: 'VALIDATION_ERROR', issues }));
    }
    const reply: Reply = await spec.run({ params: params.data, query: query.data, body }, app, () =>
      buildOpenApi({ faqCacheSeconds: app.config.FAQ_CACHE_SECONDS }),
    );
    if ('json' in reply) return respond(json(reply.status, reply.json, reply.headers));
    return respond({ statusCode: reply.status, headers: { 'content-type': reply.contentType, ...HEADERS, ...(reply.headers ?? {}) }, body: reply.text });
  } catch (error) {
    const name = error instanceof Error ? error.name : 'UnknownError';
    if (error instanceof ValidationError) return respond(json(400, { error: error.message, code: error.code, issues: [...error.issues] }), name);
    if (error instanceof NotFoundError) return respond(json(404, { error: error.message, code: error.code }), name);
    if (error instanceof VersionConflictError || error instanceof DeletedEntryError) {
      return respond(json(409, { error: error.message, code: error.code, currentVersion: error.currentVersion }), name);
    }
    if (error instanceof ConflictError) return respond(json(409, { error: error.message, code: error.code }), name);
    if (error instanceof AiccError) return respond(json(500, { error: 'internal error', code: 'INTERNAL' }), name);
    return respond(json(500, { error: 'internal error', code: 'INTERNAL' }), name);
  }
};
