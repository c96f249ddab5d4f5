import { tableEnv } from './store';

export const LOCAL_TABLE_PREFIX = 'aicc-local';

/** Documented default shared secret of the local Kakao skill endpoint (override with KAKAO_SKILL_SECRET). */
export const LOCAL_KAKAO_SKILL_SECRET = 'local-kakao-secret';

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
    ...extra,
  };
  for (const [key, value] of Object.entries(defaults)) {
    if (process.env[key] === undefined) process.env[key] = value;
  }
  // The store endpoint always follows the store actually started.
  process.env.DYNAMODB_ENDPOINT = endpoint;
};
