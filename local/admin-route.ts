import { mountLambdaRoute } from './lambda-routes';
import type { LocalServer } from './server';

/**
 * Every `/admin/*` request (any method) → the real admin-api handler, which authenticates (bearer
 * token locally), routes and validates exactly as behind API Gateway.
 */
export const mountAdminRoutes = (server: LocalServer): void => mountLambdaRoute(server, '*', '/admin/{proxy+}', 'admin-api');
