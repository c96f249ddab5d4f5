import { join } from 'node:path';
import { Aws, Duration, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, MathExpression, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Effect, PolicyStatement, type IRole } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { CONNECT_PARAMETER_NAMES } from '../../lambdas/platform/connect-parameters';
import { METRIC_NAMESPACE } from '../../lambdas/platform/metric-names';
import type { TableBinding } from '../stateful-stack';
import type { StageConfig } from '../stage';
import { AiccFunction, REPO_ROOT } from './aicc-function';

/**
 * The Connect resources the callbacks use, when the Connect instance is managed outside this project
 * (`-c connectInstanceId=... -c outboundCallbackFlowId=... -c callbackQueueId=...`). Without them the
 * dispatcher reads the ids the contact-center stack publishes in SSM, and that stack grants it
 * StartOutboundVoiceContact on exactly its callback flow and queue (see ContactCenterStack).
 */
export interface CallbackConnectRefs {
  readonly instanceId: string;
  /** The outbound callback contact flow (delivered with the Connect issue). */
  readonly outboundFlowId: string;
  readonly callbackQueueId: string;
  /** Optional caller id; otherwise the queue's outbound caller id is used. */
  readonly sourcePhoneNumber?: string;
}

const CONTACT_WILDCARD_REASON =
  'StartOutboundVoiceContact is authorized on the contact it creates, whose id only exists after the call; the grant is limited to this one instance, its callback flow and queue.';

/** StartOutboundVoiceContact on one outbound flow and one queue of one instance, and the contacts it creates. */
export const grantCallbackDialing = (role: IRole, instanceArn: string, flowAndQueueArns: readonly string[]): void => {
  const statement = new PolicyStatement({
    effect: Effect.ALLOW,
    actions: ['connect:StartOutboundVoiceContact'],
    // The action authorizes on the contact it creates, whose id does not exist before the call.
    resources: [...flowAndQueueArns, `${instanceArn}/contact/*`],
  });
  role.addToPrincipalPolicy(statement);
};

/** Connect contact events of one instance (attempt results) to the dispatcher. */
export const addContactEventsRule = (scope: Construct, id: string, dispatcher: IFunction, instanceArn: string): Rule =>
  new Rule(scope, id, {
    description: 'Outbound callback attempt results from this Connect instance',
    eventPattern: {
      source: ['aws.connect'],
      detailType: ['Amazon Connect Contact Event'],
      detail: { instanceArn: [instanceArn], eventType: ['CONNECTED_TO_AGENT', 'DISCONNECTED'] },
    },
    targets: [new LambdaFunction(dispatcher, { retryAttempts: 4, maxEventAge: Duration.hours(1) })],
  });

export { CONTACT_WILDCARD_REASON };

/** SSM path under which the contact-center stack publishes the dialer's targets. */
export const connectParametersPath = (stage: StageConfig): string => `/aicc/${stage.name}/connect`;

export const connectRefsFromContext = (scope: Construct): CallbackConnectRefs | undefined => {
  const ctx = (key: string): string | undefined => {
    const v: unknown = scope.node.tryGetContext(key);
    return typeof v === 'string' && v.trim() ? v.trim() : undefined;
  };
  const instanceId = ctx('connectInstanceId');
  const outboundFlowId = ctx('outboundCallbackFlowId');
  const callbackQueueId = ctx('callbackQueueId');
  if (!instanceId || !outboundFlowId || !callbackQueueId) return undefined;
  return {
    instanceId,
    outboundFlowId,
    callbackQueueId,
    ...(ctx('callbackSourcePhoneNumber') ? { sourcePhoneNumber: ctx('callbackSourcePhoneNumber') } : {}),
  };
};

export interface CallbackSchedulerProps {
  readonly stage: StageConfig;
  readonly table: TableBinding;
  readonly dataKey: IKey;
  /** Explicit Connect ids; omitted = read from SSM, granted by the contact-center stack. */
  readonly connect?: CallbackConnectRefs;
  /** Seoul opening hours (`mon-fri 09:00-18:00`). */
  readonly businessHours?: string;
  readonly slotCapacity?: number;
  readonly dialsPerMinute?: number;
  /** Alarm when more than this share of finished attempts fail (0–1) within an hour. */
  readonly failureRateThreshold?: number;
}

/**
 * Callbacks end to end: the flow-facing booking function, the dispatcher on a 1-minute EventBridge
 * rule (why a rule and not EventBridge Scheduler: see lambdas/callback-scheduler/dispatcher.ts), the
 * Connect contact events that report each attempt, and an alarm on the failure rate.
 */
export class CallbackScheduler extends Construct {
  readonly flowFunction: AiccFunction;
  readonly dispatcher: AiccFunction;
  readonly dispatchRule: Rule;
  /** Present when the Connect ids are given; otherwise the contact-center stack adds it. */
  readonly contactEventsRule?: Rule;
  readonly failureRateAlarm: Alarm;

  constructor(scope: Construct, id: string, props: CallbackSchedulerProps) {
    super(scope, id);
    const { stage, table, dataKey, connect } = props;
    const rules: Record<string, string> = {
      BUSINESS_HOURS: props.businessHours ?? 'mon-fri 09:00-18:00',
      CALLBACK_SLOT_CAPACITY: String(props.slotCapacity ?? 10),
      CALLBACK_MAX_DAYS_AHEAD: '7',
      CALLBACK_MAX_ATTEMPTS: '3',
      CALLBACK_RETRY_MINUTES: '15',
      CALLBACK_RETENTION_DAYS: '90',
    };

    // Connect allows 8 s per Lambda: booking is a handful of single-item writes.
    this.flowFunction = new AiccFunction(this, 'Flow', {
      name: 'callback-scheduler',
      description: 'Books, cancels and records outcomes of customer callbacks (Connect flows)',
      logicalId: 'CallbackSchedulerFunction',
      timeout: Duration.seconds(5),
      memorySize: 512,
      stage,
      environment: rules,
    }).bindTable(table, ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], dataKey);

    // One run dials at most `dialsPerMinute` numbers with 3 s Connect timeouts: a minute is ample.
    this.dispatcher = new AiccFunction(this, 'Dispatcher', {
      name: 'callback-dispatcher',
      entry: join(REPO_ROOT, 'lambdas', 'callback-scheduler', 'dispatcher.ts'),
      description: 'Dials due callbacks through Connect StartOutboundVoiceContact and applies contact events',
      logicalId: 'CallbackDispatcherFunction',
      timeout: Duration.seconds(60),
      memorySize: 512,
      stage,
      environment: {
        ...rules,
        CALLBACK_DIALER: 'connect',
        CALLBACK_DIALS_PER_MINUTE: String(props.dialsPerMinute ?? 20),
        CALLBACK_LEASE_MINUTES: '10',
        CONNECT_TIMEOUT_MS: '3000',
        ...(connect
          ? { CONNECT_INSTANCE_ID: connect.instanceId, OUTBOUND_CONTACT_FLOW_ID: connect.outboundFlowId, CALLBACK_QUEUE_ID: connect.callbackQueueId }
          : { CONNECT_PARAMETERS_PATH: connectParametersPath(stage) }),
        ...(connect?.sourcePhoneNumber ? { OUTBOUND_SOURCE_PHONE: connect.sourcePhoneNumber } : {}),
      },
    }).bindTable(table, ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], dataKey);

    if (connect) {
      // Pseudo parameters (not the stack's resolved region/partition), so the ARN and its cdk-nag finding read the same in every environment.
      const instanceArn = `arn:${Aws.PARTITION}:connect:${Aws.REGION}:${Aws.ACCOUNT_ID}:instance/${connect.instanceId}`;
      grantCallbackDialing(this.dispatcher.role, instanceArn, [
        `${instanceArn}/contact-flow/${connect.outboundFlowId}`,
        `${instanceArn}/queue/${connect.callbackQueueId}`,
      ]);
      Validations.of(this.dispatcher.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:connect:<AWS::Region>:<AWS::AccountId>:instance/${connect.instanceId}/contact/*]`,
        reason: CONTACT_WILDCARD_REASON,
      });
      this.contactEventsRule = addContactEventsRule(this, 'ContactEvents', this.dispatcher.fn, instanceArn);
    } else {
      // The contact-center stack publishes these three parameters and grants the dialing itself.
      const path = connectParametersPath(stage);
      this.dispatcher.role.addToPrincipalPolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: ['ssm:GetParameters'],
          resources: Object.values(CONNECT_PARAMETER_NAMES).map((n) => `arn:${Aws.PARTITION}:ssm:${Aws.REGION}:${Aws.ACCOUNT_ID}:parameter${path}/${n}`),
        }),
      );
    }

    this.dispatchRule = new Rule(this, 'DispatchSchedule', {
      description: 'Runs the callback dispatcher every minute',
      schedule: Schedule.rate(Duration.minutes(1)),
      // A missed tick is caught by the next one; retrying an old tick would only run late.
      targets: [new LambdaFunction(this.dispatcher.fn, { retryAttempts: 0, maxEventAge: Duration.minutes(1) })],
    });

    const metric = (name: string, service: string) =>
      new Metric({ namespace: METRIC_NAMESPACE, metricName: name, dimensionsMap: { service, stage: stage.name }, statistic: 'Sum', period: Duration.hours(1) });
    const threshold = props.failureRateThreshold ?? 0.3;
    this.failureRateAlarm = new Alarm(this, 'FailureRate', {
      alarmName: `${stage.prefix}-callback-failure-rate`,
      alarmDescription: `More than ${Math.round(threshold * 100)}% of finished callbacks failed in the last hour (no answer after every attempt, or numbers Connect refused)`,
      metric: new MathExpression({
        label: 'Callback failure rate',
        // Below five finished callbacks an hour the rate says nothing: report 0.
        expression: 'IF((fd + ff + cd + cf) >= 5, (fd + ff) / (fd + ff + cd + cf), 0)',
        usingMetrics: {
          fd: metric('CallbackFailed', 'callback-dispatcher'),
          ff: metric('CallbackFailed', 'callback-scheduler'),
          cd: metric('CallbackConnected', 'callback-dispatcher'),
          cf: metric('CallbackConnected', 'callback-scheduler'),
        },
        period: Duration.hours(1),
      }),
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
