import { objectOf, pathOf, stringOf, textMapOf } from '@domain/lenient';

/**
 * API Gateway proxy events, REST (v1) and HTTP API (v2), read leniently: the method, path
 * parameters, headers and the raw body (base64 decoded). Never throws.
 */
export interface HttpInput {
  readonly method: string;
  readonly pathParameters: Readonly<Record<string, string | undefined>>;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
  readonly bodyBytes: number;
}

export const parseProxyEvent = (event: unknown): HttpInput => {
  const e = objectOf(event) ?? {};
  const raw = stringOf(e.body) ?? '';
  const buffer = e.isBase64Encoded === true ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  return {
    method: (stringOf(e.httpMethod) ?? stringOf(pathOf(e, 'requestContext', 'http', 'method')) ?? 'POST').toUpperCase(),
    pathParameters: textMapOf(e.pathParameters, undefined),
    headers: textMapOf(e.headers, undefined),
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
