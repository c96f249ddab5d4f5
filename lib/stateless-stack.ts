import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { AiccFunction } from './constructs/aicc-function';
import { CallbackScheduler, connectRefsFromContext } from './constructs/callback-scheduler';
import { LATENCY_BUDGETS, Observability } from './constructs/observability';
import { OperationsApi } from './constructs/operations-api';
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
  readonly callbacks: CallbackScheduler;
  /** The flow-facing callback function (the contact flows' `CallbackSchedulerArn`). */
  readonly callbackScheduler: AiccFunction;
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
  }
}
