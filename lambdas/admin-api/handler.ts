import type { Context } from 'aws-lambda';
import type { ProxyResult } from '../platform/api-gateway';
import { createInstrumentation, MetricUnit, wrapHandler } from '../platform/instrumentation';
import { createAdminApp, loadAdminConfig, type AdminApp } from './dependencies';
import { routeAdminRequest } from './router';

/**
 * admin-api: the supervisors' operations API under `/admin` (FAQ, conversations, callbacks,
 * escalations, statistics, `/admin/openapi.json`). One Lambda behind API Gateway routes, each route
 * IAM-authorized in AWS (bearer token locally). Logs carry the route template and status only: no
 * ids from the path, no query values, no bodies (no PII).
 */
const instrumentation = createInstrumentation('admin-api');
const { logger, metrics } = instrumentation;

export const handleAdminRequest = (event: unknown, app: AdminApp): Promise<ProxyResult> =>
  routeAdminRequest(event, app, ({ route, status, errorName }) => {
    if (status === 401) metrics.addMetric('AdminUnauthorized', MetricUnit.Count, 1);
    if (status >= 500) {
      metrics.addMetric('AdminRequestFailed', MetricUnit.Count, 1);
      logger.error('admin request failed', { route, status, errorName });
    } else {
      logger.info('admin request', { route, status, ...(errorName ? { errorName } : {}) });
    }
  });

const app = createAdminApp(loadAdminConfig());

export const handler = wrapHandler((event: unknown, _context: Context) => handleAdminRequest(event, app), instrumentation);
