/**
 * Every route of the operations API, as plain data: the router, the OpenAPI document and the CDK
 * API Gateway resources are all built from this list (so no route exists in one and not the other).
 */
export const ADMIN_ROUTE_KEYS = [
  'GET /admin/openapi.json',
  'GET /admin/faq',
  'POST /admin/faq',
  'GET /admin/faq/{faqId}',
  'PUT /admin/faq/{faqId}',
  'DELETE /admin/faq/{faqId}',
  'GET /admin/conversations',
  'GET /admin/conversations/{conversationId}',
  'GET /admin/conversations/{conversationId}/export',
  'GET /admin/callbacks',
  'GET /admin/callbacks/{callbackId}',
  'POST /admin/callbacks/{callbackId}/cancel',
  'GET /admin/escalations',
  'GET /admin/statistics',
] as const;

export type AdminRouteKey = (typeof ADMIN_ROUTE_KEYS)[number];

export const splitRouteKey = (key: AdminRouteKey): { method: string; path: string } => {
  const [method = '', path = ''] = key.split(' ');
  return { method, path };
};
