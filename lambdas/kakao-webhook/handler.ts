import type { Context } from 'aws-lambda';
import { errorName } from '@domain/errors';
import { KAKAO_MESSAGES } from '@domain/kakao/messages';
import { isProfile } from '@domain/kakao/ports';
import { headerValue, secretsMatch } from '@domain/kakao/shared-secret';
import { parseSkillRequest } from '@domain/kakao/skill-request';
import { textResponse } from '@domain/kakao/skill-response';
import { jsonResult, parseProxyEvent, type ProxyResult } from '../platform/api-gateway';
import { createInstrumentation, MetricUnit, wrapHandler } from '../platform/instrumentation';
import { createKakaoApp, loadKakaoConfig, type KakaoApp } from './dependencies';
import { createSkillSecret } from './skill-secret';

/**
 * kakao-webhook: the KakaoTalk skill server, `POST /kakao/{profile}` (service | coaching).
 * Unknown profile → 404; missing or wrong shared secret → 401 (nothing stored); body not JSON → 400;
 * everything else → 200 with a valid SkillResponse. Never a 5xx.
 */
const instrumentation = createInstrumentation('kakao-webhook');
const { logger, metrics } = instrumentation;

export const handleKakaoRequest = async (event: unknown, app: KakaoApp): Promise<ProxyResult> => {
  const http = parseProxyEvent(event);
  const profile = http.pathParameters.profile;
  if (!isProfile(profile)) return jsonResult(404, { error: 'unknown profile' });
  logger.appendKeys({ profile });

  let expected: string;
  try {
    expected = await app.secret.get();
  } catch (error) {
    // Cannot authenticate anyone: answer Kakao politely, process nothing.
    metrics.addMetric('KakaoSecretUnavailable', MetricUnit.Count, 1);
    logger.error('skill secret unavailable', { errorName: errorName(error) });
    return jsonResult(200, textResponse(KAKAO_MESSAGES.unavailable));
  }
  if (!secretsMatch(headerValue(http.headers, app.config.KAKAO_SECRET_HEADER), expected)) {
    metrics.addMetric('KakaoUnauthorized', MetricUnit.Count, 1);
    return jsonResult(401, { error: 'unauthorized' });
  }
  if (http.bodyBytes > app.config.KAKAO_MAX_BODY_BYTES) return jsonResult(413, { error: 'request body too large' });

  let body: unknown;
  try {
    body = JSON.parse(http.body);
  } catch {
    return jsonResult(400, { error: 'body must be JSON' });
  }
  const request = parseSkillRequest(body);
  const response = await app.service.handle(profile, request);
  metrics.addMetric('KakaoSkillAnswered', MetricUnit.Count, 1);
  return jsonResult(200, response);
};

const config = loadKakaoConfig();
const app = createKakaoApp(config, instrumentation, { secret: createSkillSecret(config) });

/** The in-process worker's queue when no SQS queue is configured (local runtime). */
export const localCompletionQueue = app.localQueue;

export const handler = wrapHandler((event: unknown, _context: Context) => handleKakaoRequest(event, app), instrumentation);
