import { Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { DEFAULT_BEDROCK_MODEL_ID } from '../lambdas/adapters/bedrock/model-id';
import { AiccFunction } from './constructs/aicc-function';
import { KakaoSkillApi } from './constructs/kakao-skill-api';
import { CallbackScheduler, connectRefsFromContext } from './constructs/callback-scheduler';
import { LATENCY_BUDGETS, Observability } from './constructs/observability';
import { OperationsApi } from './constructs/operations-api';
import type { StatefulStack } from './stateful-stack';
import type { StageConfig } from './stage';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';

export interface StatelessStackProps extends StackProps {
  readonly stage: StageConfig;
  readonly data: StatefulStack;
}

/**
 * Functions and APIs: everything here can be destroyed and redeployed without touching data.
 * Connect calls these functions through integration associations in the contact-center stack.
 */
export class StatelessStack extends Stack {
  readonly customerValidation: AiccFunction;
  readonly observability: Observability;
  readonly kakao: KakaoSkillApi;
  readonly callbacks: CallbackScheduler;
  /** The flow-facing callback function (the contact flows' `CallbackSchedulerArn`). */
  readonly callbackScheduler: AiccFunction;
  readonly chatbotHandler: AiccFunction;
  /** Supervisors' `/admin` API and the statistics stream consumer. */
  readonly operations: OperationsApi;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { stage, data } = props;
    this.observability = new Observability(this, 'Observability', { stage });

    // Connect allows 8 s per Lambda; this one answers in well under a second or falls back.
    this.customerValidation = new AiccFunction(this, 'CustomerValidation', {
      name: 'customer-validation',
      description: 'Identifies the caller by number and verifies an optional DTMF PIN (Connect inbound flow)',
      logicalId: 'CustomerValidationFunction',
      timeout: Duration.seconds(5),
      memorySize: 512,
      stage,
    }).bindTable(data.tables.customers, ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:UpdateItem'], data.dataKey);

    // Callbacks: booking (Connect flows), the every-minute dispatcher and the contact-event results.
    // The Connect instance, outbound flow and queue ids come from the Connect stack via context for now.
    this.callbacks = new CallbackScheduler(this, 'Callbacks', {
      stage,
      table: data.tables.callbacks,
      dataKey: data.dataKey,
      connect: connectRefsFromContext(this),
    });
    this.callbackScheduler = this.callbacks.flowFunction;

    this.operations = new OperationsApi(this, 'Operations', { stage, tables: data.tables, dataKey: data.dataKey });
    this.observability
      .addFunction(this.operations.adminFunction, LATENCY_BUDGETS.operations)
      .addFunction(this.operations.aggregator, LATENCY_BUDGETS.background)
      .addDeadLetterQueue('StatisticsDeadLetters', this.operations.deadLetters)
      .addMetricsGraph('Operations', [
        this.observability.metric('StatisticsCounted', 'statistics-aggregator'),
        this.observability.metric('StatisticsDuplicateSkipped', 'statistics-aggregator'),
        this.observability.metric('AdminUnauthorized', 'admin-api'),
        this.observability.metric('AdminRequestFailed', 'admin-api'),
      ]);

    this.observability
      .addFunction(this.customerValidation, LATENCY_BUDGETS.connect)
      .addMetricsGraph('Caller identification', [
        this.observability.metric('CustomerIdentified', 'customer-validation'),
        this.observability.metric('CustomerNotIdentified', 'customer-validation'),
        this.observability.metric('PinVerificationLocked', 'customer-validation'),
        this.observability.metric('CustomerLookupFailed', 'customer-validation'),
      ]);
    this.observability
      .addFunction(this.callbacks.flowFunction, LATENCY_BUDGETS.connect)
      .addFunction(this.callbacks.dispatcher, LATENCY_BUDGETS.background)
      .addMetricsGraph('Callbacks', [
        this.observability.metric('CallbackBooked', 'callback-scheduler'),
        this.observability.metric('CallbackDuplicate', 'callback-scheduler'),
        this.observability.metric('CallbackDialed', 'callback-dispatcher'),
        this.observability.metric('CallbackConnected', 'callback-dispatcher'),
        this.observability.metric('CallbackFailed', 'callback-dispatcher'),
      ]);

    // KakaoTalk skill server: service and coaching bots, async callback completion with a DLQ.
    this.kakao = new KakaoSkillApi(this, 'Kakao', { stage, data });
    this.observability
      .addFunction(this.kakao.webhook, LATENCY_BUDGETS.kakao)
      .addFunction(this.kakao.worker, LATENCY_BUDGETS.background)
      .addDeadLetterQueue('KakaoCompletionDeadLetters', this.kakao.deadLetters)
      .addMetricsGraph('Kakao skill', [
        this.observability.metric('KakaoSkillAnswered', 'kakao-webhook'),
        this.observability.metric('KakaoCallbackDeferred', 'kakao-webhook'),
        this.observability.metric('KakaoCallbackSent', 'kakao-webhook-worker'),
        this.observability.metric('KakaoCallbackFailed', 'kakao-webhook-worker'),
        this.observability.metric('KakaoUnauthorized', 'kakao-webhook'),
      ])
      .addMetricsGraph('Coaching safety', [this.observability.metric('CoachingCrisisDetected', 'kakao-webhook')])
      .addFailureRateAlarm(
        'KakaoCallbackFailureRate',
        this.observability.metric('KakaoCallbackFailed', 'kakao-webhook-worker'),
        this.observability.metric('KakaoCallbackSent', 'kakao-webhook-worker'),
        0.2,
        'More than 20% of Kakao callbacks failed in 15 minutes',
      );
    // The brain of the phone/chat channel and the Lex code hook. It answers within 7 s by itself
    // (Connect waits at most 8 s); the Lambda timeout sits above that so the polite fallback is sent.
    const bedrockModelId = String(this.node.tryGetContext('bedrockModelId') ?? DEFAULT_BEDROCK_MODEL_ID);
    this.chatbotHandler = new AiccFunction(this, 'ChatbotHandler', {
      name: 'chatbot-handler',
      description: 'Understands Korean customer messages, answers FAQs, runs guided scenarios and decides escalation (Connect flows, Lex code hook)',
      logicalId: 'ChatbotHandlerFunction',
      timeout: Duration.seconds(9),
      memorySize: 1024,
      stage,
      environment: { NLU_ENGINE: 'bedrock', BEDROCK_MODEL_ID: bedrockModelId, CONVERSATION_RETENTION_DAYS: '90' },
    })
      // Turn log and session: read the latest turn (Query), append the next one (conditional Put).
      .bindTable(data.tables.conversations, ['dynamodb:Query', 'dynamodb:PutItem'], data.dataKey)
      // FAQ: read through the sparse `active` index only.
      .bindTable(data.tables.faq, ['dynamodb:Query'], data.dataKey);
    this.chatbotHandler.role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['bedrock:InvokeModel'],
        resources: bedrockResources(bedrockModelId, this.region, this.account),
      }),
    );
    Validations.of(this.chatbotHandler.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:aws:bedrock:*::foundation-model/<base>]'.replace('<base>', baseModelId(bedrockModelId)),
      reason: 'A cross-region inference profile may serve the request from any region of its geography: Bedrock requires the foundation model to be allowed in every region (region wildcard only, one model).',
    });
    this.observability
      .addFunction(this.chatbotHandler, LATENCY_BUDGETS.connect)
      .addMetricsGraph(
        'Chatbot turns by outcome',
        ['Answer', 'Clarify', 'Scenario', 'Escalate', 'CallbackOffer', 'End'].map((a) => this.observability.metric(`ChatbotAction${a}`, 'chatbot-handler')),
      )
      .addMetricsGraph('Chatbot failures and fallbacks', [
        this.observability.metric('ChatbotTurnFailed', 'chatbot-handler'),
        this.observability.metric('ChatbotDeadlineExceeded', 'chatbot-handler'),
        this.observability.metric('NluFallbackUsed', 'chatbot-handler'),
      ])
      .addMetricsGraph('Bedrock latency (p99) and throttles', [
        new Metric({ namespace: 'AWS/Bedrock', metricName: 'InvocationLatency', dimensionsMap: { ModelId: bedrockModelId }, statistic: 'p99', period: Duration.minutes(5) }),
        new Metric({ namespace: 'AWS/Bedrock', metricName: 'InvocationThrottles', dimensionsMap: { ModelId: bedrockModelId }, statistic: 'Sum', period: Duration.minutes(5) }),
      ]);
  }
}

/** `global.anthropic.claude-haiku-4-5-20251001-v1:0` → `anthropic.claude-haiku-4-5-20251001-v1:0` */
export const baseModelId = (modelId: string): string => modelId.replace(/^(global|us|eu|apac|jp|au|ca|us-gov)\./, '');

/**
 * What a Converse call through an inference profile needs: the profile itself, and the foundation
 * model in the regions the profile may route to (a global profile also checks the region-less ARN).
 */
export const bedrockResources = (modelId: string, region: string, account: string): string[] => {
  const base = baseModelId(modelId);
  if (base === modelId) return [`arn:aws:bedrock:${region}::foundation-model/${base}`];
  return [
    `arn:aws:bedrock:${region}:${account}:inference-profile/${modelId}`,
    `arn:aws:bedrock:*::foundation-model/${base}`,
    `arn:aws:bedrock:::foundation-model/${base}`,
  ];
};
