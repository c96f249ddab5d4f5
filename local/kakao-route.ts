import { LOCAL_LAMBDAS, localContext } from './lambdas';
import type { LocalRequest, LocalResponse, LocalServer } from './server';

/**
 * `POST /kakao/{profile}` on the local server: the request becomes an API Gateway (REST proxy)
 * event for the real kakao-webhook handler, loaded on first use (after the local environment is set).
 */
export const toApiGatewayEvent = (request: LocalRequest, resource: string) => ({
  resource,
  path: request.path,
  httpMethod: request.method,
  headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')])),
  queryStringParameters: request.query.size > 0 ? Object.fromEntries(request.query) : null,
  pathParameters: request.params,
  requestContext: { stage: 'local', httpMethod: request.method, path: request.path, requestId: `local-${Date.now().toString(36)}` },
  body: request.body.toString('base64'),
  isBase64Encoded: true,
});

interface ProxyResult {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
}

export const mountKakaoRoute = (server: LocalServer): void => {
  const entry = LOCAL_LAMBDAS['kakao-webhook'];
  if (!entry) return;
  server.route('POST', '/kakao/{profile}', async (request): Promise<LocalResponse> => {
    const module = await entry.load();
    const result = (await module.handler(toApiGatewayEvent(request, '/kakao/{profile}'), localContext('kakao-webhook'))) as ProxyResult;
    return { status: result.statusCode, headers: result.headers ?? {}, body: result.body ?? '' };
  });
};
