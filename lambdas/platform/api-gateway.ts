import { z } from 'zod';

/**
 * API Gateway proxy events, REST (v1) and HTTP API (v2), read leniently: the method, path
 * parameters, headers and the raw body (base64 decoded). Never throws.
 */
const schema = z
  .object({
    httpMethod: z.string().optional().catch(undefined),
    requestContext: z
      .object({ http: z.object({ method: z.string().optional().catch(undefined) }).partial().optional().catch(undefined) })
      .partial()
      .optional()
      .catch(undefined),
    pathParameters: z.record(z.string(), z.string().optional().catch(undefined)).nullish().catch(null),
    headers: z.record(z.string(), z.string().optional().catch(undefined)).nullish().catch(null),
    body: z.string().nullish().catch(null),
    isBase64Encoded: z.boolean().optional().catch(false),
  })
  .partial();

export interface HttpInput {
  readonly method: string;
  readonly pathParameters: Readonly<Record<string, string | undefined>>;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
  readonly bodyBytes: number;
}

export const parseProxyEvent = (event: unknown): HttpInput => {
  const parsed = schema.safeParse(event ?? {});
  const e = parsed.success ? parsed.data : {};
  const raw = e.body ?? '';
  const buffer = e.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  return {
    method: (e.httpMethod ?? e.requestContext?.http?.method ?? 'POST').toUpperCase(),
    pathParameters: e.pathParameters ?? {},
    headers: e.headers ?? {},
    body: buffer.toString('utf8'),
    bodyBytes: buffer.length,
  };
};

export interface ProxyResult {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export const jsonResult = (statusCode: number, value: unknown): ProxyResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body: JSON.stringify(value),
});
