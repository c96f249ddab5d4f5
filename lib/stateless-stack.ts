import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { AiccFunction } from './constructs/aicc-function';
import { KakaoSkillApi } from './constructs/kakao-skill-api';
import { CallbackScheduler, connectRefsFromContext } from './constructs/callback-scheduler';
import { LATENCY_BUDGETS, Observability } from './constructs/observability';
import type { StatefulStack } from './stateful-stack';
import type { StageConfig } from './stage';

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
  }
}
