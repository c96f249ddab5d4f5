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

/**
 * Mounts an API Gateway (REST proxy) route on the local server: each request becomes a proxy event
 * for the real handler of a registered Lambda (local/lambdas.ts), its proxy result the HTTP answer.
 * `resource` is the API Gateway resource path (`/kakao/{profile}`, `/admin/{proxy+}`).
 */
export const mountLambdaRoute = (server: LocalServer, method: string, resource: string, lambdaName: string): boolean => {
  const entry = LOCAL_LAMBDAS[lambdaName];
  if (!entry) return false;
  server.route(method, resource, async (request): Promise<LocalResponse> => {
    const module = await entry.load();
    const result = (await module.handler(toApiGatewayEvent(request, resource), localContext(lambdaName))) as ProxyResult;
    const body = result.body ?? '';
    return { status: result.statusCode, headers: result.headers ?? {}, body: (result as { isBase64Encoded?: boolean }).isBase64Encoded ? Buffer.from(body, 'base64') : body };
  });
  return true;
};

export const mountKakaoRoute = (server: LocalServer): void => {
  mountLambdaRoute(server, 'POST', '/kakao/{profile}', 'kakao-webhook');
};
