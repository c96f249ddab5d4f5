import { toJsonSchema, toParameters, type JsonSchema } from './json-schema';
import { ADMIN_ROUTE_KEYS, splitRouteKey } from './route-table';
import { ROUTES } from './routes';

/** The OpenAPI 3.0 document of the operations API, generated from the route table and its zod schemas. */
export const buildOpenApi = (options: { readonly faqCacheSeconds: number; readonly serverUrl?: string }): JsonSchema => {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const key of ADMIN_ROUTE_KEYS) {
    const { method, path } = splitRouteKey(key);
    const spec = ROUTES[key];
    const responses = Object.fromEntries(
      Object.entries(spec.responses).map(([status, r]) => {
        const types = r.contentType?.split(';').map((t) => t.trim()).filter((t) => t.includes('/')) ?? ['application/json'];
        return [status, { description: r.description, ...(r.schema ? { content: Object.fromEntries(types.map((t) => [t, { schema: toJsonSchema(r.schema as never) }])) } : {}) }];
      }),
    );
    (paths[path] ??= {})[method.toLowerCase()] = {
      operationId: spec.operationId,
      tags: [spec.tag],
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      parameters: [...toParameters(spec.params as never, 'path'), ...toParameters(spec.query as never, 'query')],
      ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: toJsonSchema(spec.body as never) } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Seed AICC operations API',
      version: '1.0.0',
      description: [
        'Supervisors\' API: FAQ editing, conversation logs and exports, callbacks, escalations and daily statistics.',
        `FAQ edits reach the bots within ${options.faqCacheSeconds} s (their FAQ cache), without a redeploy.`,
        'Authentication: in AWS every route requires IAM (SigV4-signed requests, `execute-api:Invoke`);',
        'in the local runtime a bearer token (`Authorization: Bearer <AICC_ADMIN_TOKEN>`, default `local-admin-token`).',
        'Lists are paged: pass `nextCursor` back as `cursor`; cursors are opaque and only valid for the same list.',
      ].join(' '),
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    security: [{ sigv4: [] }, { bearer: [] }],
    components: {
      securitySchemes: {
        sigv4: { type: 'apiKey', name: 'Authorization', in: 'header', description: 'AWS SigV4 (API Gateway IAM authorization)', 'x-amazon-apigateway-authtype': 'awsSigv4' },
        bearer: { type: 'http', scheme: 'bearer', description: 'Local runtime only: AICC_ADMIN_TOKEN' },
      },
    },
    paths,
  };
};
