import { LOCAL_LAMBDAS, localContext, type LambdaModule } from './lambdas';
import type { LocalRequest, LocalResponse, LocalServer } from './server';

/**
 * Local API Gateway emulation: a request on the local server becomes an API Gateway (REST proxy)
 * event for a real in-process Lambda handler (loaded on first use, after the local environment is
 * set), and the proxy result becomes the HTTP response. Shared by every HTTP-facing Lambda
 * (Kakao skill, operations API).
 */
export const toApiGatewayEvent = (request: LocalRequest, resource: string) => ({
  resource,
  path: request.path,
  httpMethod: request.method,
  headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')])),
  queryStringParameters: request.query.size > 0 ? Object.fromEntries(request.query) : null,
  pathParameters: request.params,
  // Locally nobody signs requests: no IAM identity (the operations API uses its bearer token here).
  requestContext: {
    stage: 'local',
    httpMethod: request.method,
    path: request.path,
    resourcePath: resource,
    requestId: `local-${Date.now().toString(36)}`,
    identity: { sourceIp: '127.0.0.1', userArn: null, caller: null, accessKey: null },
  },
  body: request.body.toString('base64'),
  isBase64Encoded: true,
});

interface ProxyResult {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
}

/** Mounts `method path` (API Gateway resource syntax, `{name}` / `{name+}`) onto a registered Lambda. */
export const mountLambdaRoute = (server: LocalServer, method: string, resource: string, lambda: string): void => {
  const entry = LOCAL_LAMBDAS[lambda];
  if (!entry) return;
  // Loaded once, on first use (a dynamic import per request goes through the module loader's hooks each time).
  let loading: Promise<LambdaModule> | undefined;
  const load = () =>
    (loading ??= entry.load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
  server.route(method, resource, async (request): Promise<LocalResponse> => {
    const module = await load();
    const result = (await module.handler(toApiGatewayEvent(request, resource), localContext(lambda))) as ProxyResult;
    return { status: result.statusCode, headers: result.headers ?? {}, body: result.body ?? '' };
  });
};
