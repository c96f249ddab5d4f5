import { tableEnv } from './store';

export const LOCAL_TABLE_PREFIX = 'aicc-local';

/** Documented default shared secret of the local Kakao skill endpoint (override with KAKAO_SKILL_SECRET). */
export const LOCAL_KAKAO_SKILL_SECRET = 'local-kakao-secret';

/**
 * Documented default bearer token of the local operations API (`Authorization: Bearer local-admin-token`;
 * override with AICC_ADMIN_TOKEN). The local server listens on 127.0.0.1 only; AWS uses IAM instead.
 */
export const LOCAL_ADMIN_TOKEN = 'local-admin-token';

/**
 * Environment the Lambdas see when run in-process: table names from the shared definitions, the
 * local store endpoint, Powertools quiet (no X-Ray daemon, no CloudWatch), Seoul business hours.
 * Only unset variables are filled, so a developer's own settings win.
 */
export const applyLocalEnvironment = (endpoint: string, extra: Record<string, string> = {}): void => {
  const defaults: Record<string, string> = {
    ...tableEnv(LOCAL_TABLE_PREFIX),
    DYNAMODB_ENDPOINT: endpoint,
    AWS_REGION: 'ap-northeast-2',
    STAGE: 'local',
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'WARN',
    // Kakao skill secret for the local runtime (send it as the X-Skill-Secret header); AWS uses Secrets Manager.
    KAKAO_SKILL_SECRET: LOCAL_KAKAO_SKILL_SECRET,
    // Callbacks: no telephone locally; the dispatcher records the calls it would place.
    CALLBACK_DIALER: 'recording',
    CONNECT_INSTANCE_ID: 'local-instance',
    OUTBOUND_CONTACT_FLOW_ID: 'local-outbound-callback-flow',
    CALLBACK_QUEUE_ID: 'local-callback-queue',
    // Operations API: bearer token locally (AWS: IAM on API Gateway).
    ADMIN_AUTH: 'token',
    AICC_ADMIN_TOKEN: LOCAL_ADMIN_TOKEN,
    // No DynamoDB Streams in dynalite: the bots count statistics in-process after each write.
    STATISTICS_INLINE: 'true',
    // FAQ edits from the operations API in this process reach the bots at once (their cache is
    // invalidated by the write); edits from another process within 5 s (AWS: within 60 s).
    FAQ_CACHE_SECONDS: '5',
    ...extra,
  };
  for (const [key, value] of Object.entries(defaults)) {
    if (process.env[key] === undefined) process.env[key] = value;
  }
  // The store endpoint always follows the store actually started.
  process.env.DYNAMODB_ENDPOINT = endpoint;
};
