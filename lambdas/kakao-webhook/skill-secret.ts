import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretSource } from '@domain/kakao/ports';
import { SecretsManagerSecret, StaticSecret } from '../adapters/kakao/skill-secret';
import { timedHttpHandler } from '../platform/http-handler';
import { traceClient } from '../platform/tracing';
import type { KakaoConfig } from './dependencies';

/**
 * The webhook's shared skill secret: Secrets Manager when KAKAO_SKILL_SECRET_ID is set (AWS), else
 * KAKAO_SKILL_SECRET (local). Read on the first request, within Kakao's 5 s: 1.5 s per attempt, two attempts.
 */
export const createSkillSecret = (config: KakaoConfig): SecretSource =>
  config.KAKAO_SKILL_SECRET_ID
    ? new SecretsManagerSecret(
        () => traceClient(new SecretsManagerClient({ maxAttempts: 2, requestHandler: timedHttpHandler({ requestTimeoutMs: 1500, connectionTimeoutMs: 500 }) })),
        config.KAKAO_SKILL_SECRET_ID,
      )
    : new StaticSecret(config.KAKAO_SKILL_SECRET ?? '');
