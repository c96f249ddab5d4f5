import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { systemClock, type Clock } from '@domain/clock';
import { CoachingBot, type CoachingObserver } from '@domain/coaching/coaching-bot';
import { LlmCoach, OfflineCoach, type CoachResponder } from '@domain/coaching/responders';
import { DependencyError, errorName } from '@domain/errors';
import type { CompletionQueue, KakaoBot, SecretSource, SkillObserver } from '@domain/kakao/ports';
import { bookCallback } from '@domain/callbacks/book-callback';
import { handleTurn } from '@domain/conversation/handle-turn';
import { ServiceBot, type CallbackBooking, type ServiceBrain } from '@domain/kakao/service-bot';
import { KakaoSkillService } from '@domain/kakao/skill-service';
import type { LanguageModel } from '@domain/llm/language-model';
import { createDocumentClient } from '../adapters/dynamodb/client';
import { DynamoCoachingSessionStore, DynamoCompletedSessionArchive } from '../adapters/dynamodb/coaching-sessions';
import { DynamoCallbackCounters, DynamoCallbackRepository } from '../adapters/dynamodb/callback-store';
import { DynamoBookingDialogStore } from '../adapters/dynamodb/kakao-dialogs';
import { DynamoIdempotencyStore } from '../adapters/dynamodb/kakao-requests';
import { chatbotConfigSchema, createChatbotDeps } from '../chatbot-handler/deps';
import { loadCallbackRules } from '../callback-scheduler/config';
import { CountingCoachingSessionStore } from '../adapters/dynamodb/statistics-hooks';
import { DynamoStatisticsStore } from '../adapters/dynamodb/statistics-store';
import { HttpCallbackPoster } from '../adapters/kakao/callback-poster';
import { InProcessCompletionQueue, SqsCompletionQueue } from '../adapters/kakao/completion-queue';
import { StaticSecret } from '../adapters/kakao/skill-secret';
import { BedrockLanguageModel, createBedrockClient } from '../adapters/llm/bedrock';
import { UpstageLanguageModel } from '../adapters/llm/upstage';
import { boolVar, configSchema, intVar, loadConfig, optionalChoiceVar, optionalVar, tableVar, textVar, type ConfigOf } from '../platform/config';
import { MetricUnit, type Instrumentation } from '../platform/instrumentation';
import { timedHttpHandler } from '../platform/http-handler';
import { traceClient } from '../platform/tracing';

/**
 * Configuration and wiring of the kakao-webhook Lambdas (the webhook and its async worker share it).
 * Read once at module load; a missing variable stops the cold start.
 */
const kakaoVars = {
    KAKAO_REQUESTS_TABLE: tableVar(),
    COACHING_SESSIONS_TABLE: tableVar(),
    COACHING_ARCHIVE_TABLE: tableVar(),
    /** Secrets Manager id/ARN of the shared skill secret (AWS) */
    KAKAO_SKILL_SECRET_ID: optionalVar(),
    /** The shared skill secret itself (local runtime; `npm start` sets `local-kakao-secret`) */
    KAKAO_SKILL_SECRET: optionalVar({ minLength: 8 }),
    KAKAO_SECRET_HEADER: textVar('X-Skill-Secret', { pattern: /^[A-Za-z0-9-]+$/, message: 'must be an HTTP header name' }),
    /** SQS queue of the async worker; without it the worker runs in-process (local runtime only) */
    KAKAO_COMPLETION_QUEUE_URL: optionalVar({ url: true }),
    /** Allows http://127.0.0.1 callback URLs; honoured only when STAGE is local or test */
    KAKAO_CALLBACK_TEST_LOOPBACK: boolVar(false),
    KAKAO_SYNC_BUDGET_MS: intVar(3500, 300, 4500),
    KAKAO_CALLBACK_WINDOW_MS: intVar(55_000, 500, 58_000),
    KAKAO_CALLBACK_ATTEMPT_TIMEOUT_MS: intVar(5000, 100, 20_000),
    KAKAO_MAX_BODY_BYTES: intVar(64 * 1024, 1024, 1024 * 1024),
    /** Show Kakao's own `operator` hand-off button in the service bot */
    KAKAO_OPERATOR_ENABLED: boolVar(false),
    /** offline | bedrock | upstage; unset = upstage when UPSTAGE_API_KEY is set, else offline */
    COACHING_LLM: optionalChoiceVar(['offline', 'bedrock', 'upstage']),
    BEDROCK_MODEL_ID: textVar('global.anthropic.claude-haiku-4-5-20251001-v1:0'),
    UPSTAGE_API_KEY: optionalVar(),
    UPSTAGE_MODEL: textVar('solar-pro2'),
    UPSTAGE_BASE_URL: textVar('https://api.upstage.ai/v1', { url: true }),
    COACHING_MAX_TOKENS: intVar(150, 32, 1024),
    STAGE: textVar('local'),
    /** Local runtime only (dynalite has no streams): count crisis detections in-process; AWS reads the stream. */
    STATISTICS_INLINE: boolVar(false),
    STATISTICS_TABLE: optionalVar(),
};

export const kakaoConfigSchema = configSchema(
  kakaoVars,
  { holds: (c) => c.KAKAO_SKILL_SECRET_ID || c.KAKAO_SKILL_SECRET, message: 'set KAKAO_SKILL_SECRET_ID (Secrets Manager) or KAKAO_SKILL_SECRET (local)' },
  { holds: (c) => c.COACHING_LLM !== 'upstage' || c.UPSTAGE_API_KEY, message: 'COACHING_LLM=upstage needs UPSTAGE_API_KEY' },
);

export type KakaoConfig = ConfigOf<typeof kakaoVars>;

export const loadKakaoConfig = (env: NodeJS.ProcessEnv = process.env): KakaoConfig => loadConfig(kakaoConfigSchema, env);

export interface KakaoApp {
  readonly config: KakaoConfig;
  readonly service: KakaoSkillService;
  readonly secret: SecretSource;
  /** Present when the worker runs in-process (no queue URL): tests and the local runtime wait on it. */
  readonly localQueue?: InProcessCompletionQueue;
}

export interface KakaoOverrides {
  readonly clock?: Clock;
  readonly model?: LanguageModel;
  readonly queue?: CompletionQueue;
  readonly serviceBot?: KakaoBot;
  /** Environment the optional service wiring reads (the brain's and the callback scheduler's settings) */
  readonly env?: NodeJS.ProcessEnv;
  /** DynamoDB document client of every store (default: one per app, endpoint from DYNAMODB_ENDPOINT) */
  readonly doc?: DynamoDBDocumentClient;
  /**
   * Where the shared skill secret comes from. The webhook passes createSkillSecret (Secrets Manager in
   * AWS); the async worker checks no request and passes nothing, so its bundle has no Secrets Manager
   * client. Default: KAKAO_SKILL_SECRET (local runtime and tests).
   */
  readonly secret?: SecretSource;
}

/** Without a secret source, a function configured for Secrets Manager authenticates nobody. */
const secretNotWired: SecretSource = {
  get: () => Promise.reject(new DependencyError('secrets-manager', 'this function was not given the skill secret (only the webhook checks requests)')),
};

/** Skill events that mean a user did not get (or may not get) their answer. */
const FAILURE_EVENT = /Failed$|Rejected$/;

const chooseModel = (config: KakaoConfig): LanguageModel | undefined => {
  const kind = config.COACHING_LLM ?? (config.UPSTAGE_API_KEY ? 'upstage' : 'offline');
  if (kind === 'bedrock') return new BedrockLanguageModel(createBedrockClient(), config.BEDROCK_MODEL_ID);
  if (kind === 'upstage' && config.UPSTAGE_API_KEY) {
    return new UpstageLanguageModel({ apiKey: config.UPSTAGE_API_KEY, model: config.UPSTAGE_MODEL, baseUrl: config.UPSTAGE_BASE_URL });
  }
  return undefined;
};

/**
 * The service bot's brain (the conversation domain: chatbot-handler's settings and tables) and its
 * callback booking (callback-scheduler's settings and table), each wired when its tables are
 * configured. Without them the service bot says honestly that automatic answers are unavailable.
 */
const serviceWiring = (env: NodeJS.ProcessEnv, doc: DynamoDBDocumentClient, clock: Clock, onFallback: (reason: string, error: unknown) => void) => {
  let brain: ServiceBrain | undefined;
  if (env.CONVERSATIONS_TABLE && env.FAQ_TABLE) {
    const conversation = createChatbotDeps(loadConfig(chatbotConfigSchema, env), onFallback, { clock, doc });
    brain = (input) => handleTurn(input, conversation);
  }
  let booking: CallbackBooking | undefined;
  let dialogs: DynamoBookingDialogStore | undefined;
  if (env.CALLBACKS_TABLE && env.KAKAO_DIALOGS_TABLE) {
    const rules = loadCallbackRules(env);
    const deps = {
      repository: new DynamoCallbackRepository(doc, rules.tableName, clock),
      capacity: new DynamoCallbackCounters(doc, rules.tableName, clock),
      calendar: rules.calendar,
      clock,
      policy: rules.policy,
    };
    booking = { book: (request) => bookCallback(request, deps), maxDaysAhead: rules.policy.maxDaysAhead };
    dialogs = new DynamoBookingDialogStore(doc, env.KAKAO_DIALOGS_TABLE);
  }
  return { ...(brain ? { brain } : {}), ...(booking && dialogs ? { booking, dialogs } : {}) };
};

export const createKakaoApp = (config: KakaoConfig, { logger, metrics }: Instrumentation, overrides: KakaoOverrides = {}): KakaoApp => {
  const clock = overrides.clock ?? systemClock;
  const doc = overrides.doc ?? createDocumentClient();
  const stored = new DynamoCoachingSessionStore(doc, config.COACHING_SESSIONS_TABLE);
  const sessions =
    config.STATISTICS_INLINE && config.STATISTICS_TABLE
      ? new CountingCoachingSessionStore(stored, new DynamoStatisticsStore(doc, config.STATISTICS_TABLE), (error) =>
          logger.warn('statistics counting failed', { errorName: errorName(error) }),
        )
      : stored;
  const archive = new DynamoCompletedSessionArchive(doc, config.COACHING_ARCHIVE_TABLE);
  const offline = new OfflineCoach();
  const model = overrides.model ?? chooseModel(config);
  const responder: CoachResponder = model ? new LlmCoach(model, { maxTokens: config.COACHING_MAX_TOKENS }) : offline;

  const coachingObserver: CoachingObserver = {
    crisisDetected: (categories, userType) => {
      metrics.addMetric('CoachingCrisisDetected', MetricUnit.Count, 1);
      logger.warn('coaching crisis signal: helplines sent, flag set on the session', { categories, userType });
    },
    responderFailed: (name, error) => {
      metrics.addMetric('CoachingResponderFailed', MetricUnit.Count, 1);
      logger.warn('coach responder failed; offline fallback answered', { responder: name, errorName: errorName(error) });
    },
    sessionArchived: (reason) => metrics.addMetric(`CoachingSession${reason === 'completed' ? 'Completed' : reason === 'end' ? 'Ended' : 'Reset'}`, MetricUnit.Count, 1),
  };
  const skillObserver: SkillObserver = {
    event: (name, detail) => {
      metrics.addMetric(`Kakao${name}`, MetricUnit.Count, 1);
      // A lost reply (callback not delivered, turn or deferral failed) must stand out from routine events.
      if (FAILURE_EVENT.test(name)) logger.warn(`kakao ${name}`, { ...detail });
      else logger.info(`kakao ${name}`, { ...detail });
    },
  };
  const onError = (where: string, error: unknown) => logger.error(`kakao-webhook ${where} failed`, { errorName: errorName(error), error: error as Error });

  const env = overrides.env ?? process.env;
  const bots: Record<'service' | 'coaching', KakaoBot> = {
    coaching: new CoachingBot({ sessions, archive, responder, fallback: offline, clock, observer: coachingObserver }),
    service:
      overrides.serviceBot ??
      new ServiceBot({
        operatorEnabled: config.KAKAO_OPERATOR_ENABLED,
        clock,
        ...serviceWiring(env, doc, clock, (reason, error) => logger.warn('service brain fell back', { reason, errorName: errorName(error) })),
      }),
  };

  let localQueue: InProcessCompletionQueue | undefined;
  const worker: { service?: KakaoSkillService } = {};
  const queue: CompletionQueue =
    overrides.queue ??
    (config.KAKAO_COMPLETION_QUEUE_URL
      ? new SqsCompletionQueue(
          (sdk) => traceClient(new sdk.SQSClient({ maxAttempts: 2, requestHandler: timedHttpHandler({ requestTimeoutMs: 1000, connectionTimeoutMs: 500 }) })),
          config.KAKAO_COMPLETION_QUEUE_URL,
        )
      : (localQueue = new InProcessCompletionQueue(
          (job) => (worker.service as KakaoSkillService).complete(job),
          (error) => onError('local-worker', error),
        )));

  const service = new KakaoSkillService({
    bots,
    idempotency: new DynamoIdempotencyStore(doc, config.KAKAO_REQUESTS_TABLE),
    queue,
    poster: new HttpCallbackPoster({ attemptTimeoutMs: config.KAKAO_CALLBACK_ATTEMPT_TIMEOUT_MS }),
    clock,
    callbackPolicy: { allowLoopbackForTests: config.KAKAO_CALLBACK_TEST_LOOPBACK && ['local', 'test'].includes(config.STAGE) },
    syncBudgetMs: config.KAKAO_SYNC_BUDGET_MS,
    callbackWindowMs: config.KAKAO_CALLBACK_WINDOW_MS,
    observer: skillObserver,
    onError,
  });

  worker.service = service;

  const secret = overrides.secret ?? (config.KAKAO_SKILL_SECRET_ID ? secretNotWired : new StaticSecret(config.KAKAO_SKILL_SECRET ?? ''));

  return { config, service, secret, ...(localQueue ? { localQueue } : {}) };
};
