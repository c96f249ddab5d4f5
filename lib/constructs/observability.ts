import { Duration, Stack } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { METRIC_NAMESPACE } from '../../lambdas/platform/metric-names';
import type { StageConfig } from '../stage';
import type { AiccFunction } from './aicc-function';

export interface ObservabilityProps {
  readonly stage: StageConfig;
}

/** Latency budgets the alarms hold each function to (p99, over 5 minutes). */
export const LATENCY_BUDGETS = {
  /** Kakao answers within 5 s; alarm well before. */
  kakao: Duration.seconds(4),
  /** Connect allows 8 s per Lambda; alarm at 6 s. */
  connect: Duration.seconds(6),
  /** Supervisors' operations API (a person waits on a screen) */
  operations: Duration.seconds(5),
  /** Background work (dispatchers, async completion) */
  background: Duration.seconds(30),
} as const;

/**
 * The operations view of the AICC: one dashboard, one alarm topic, and alarms on every function's
 * errors and p99 latency budget, plus whatever rates and queues the features register.
 */
export class Observability extends Construct {
  readonly topic: Topic;
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];
  readonly #stage: StageConfig;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    this.#stage = props.stage;
    const key = new Key(this, 'AlarmTopicKey', {
      description: 'Seed AICC: encrypts the alarm topic',
      enableKeyRotation: true,
      removalPolicy: props.stage.removalPolicy,
    });
    // CloudWatch must be able to publish to the encrypted topic.
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey');
    this.topic = new Topic(this, 'AlarmTopic', { displayName: `Seed AICC ${props.stage.name} alarms`, masterKey: key, enforceSSL: true });
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${props.stage.prefix}-contact-center`,
      defaultInterval: Duration.hours(3),
    });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# Seed AICC (${props.stage.name})\nConnect budget 8 s per Lambda (alarm p99 > 6 s) · Kakao 5 s (alarm p99 > 4 s) · metrics namespace \`${METRIC_NAMESPACE}\``,
        width: 24,
        height: 2,
      }),
    );
  }

  /** A custom metric of ours (Powertools EMF, `service` + `stage` dimensions). */
  metric(name: string, service: string, statistic = 'Sum', period = Duration.minutes(5)): Metric {
    return new Metric({ namespace: METRIC_NAMESPACE, metricName: name, dimensionsMap: { service, stage: this.#stage.name }, statistic, period });
  }

  /** Errors and p99 duration on the dashboard, with alarms on any error burst and on the latency budget. */
  addFunction(fn: AiccFunction, budget: Duration): this {
    const name = fn.node.id;
    const errors = fn.fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' });
    const p99 = fn.fn.metricDuration({ period: Duration.minutes(5), statistic: 'p99' });
    this.dashboard.addWidgets(
      new GraphWidget({ title: `${name}: errors and throttles`, left: [errors, fn.fn.metricThrottles({ period: Duration.minutes(5) })], width: 12 }),
      new GraphWidget({ title: `${name}: p99 duration (budget ${budget.toSeconds()} s)`, left: [p99], leftAnnotations: [{ value: budget.toMilliseconds(), label: 'budget' }], width: 12 }),
    );
    this.#alarm(`${name}Errors`, errors, 3, `${name}: 3 or more errors in 5 minutes`);
    this.#alarm(`${name}LatencyBudget`, p99, budget.toMilliseconds(), `${name}: p99 duration over its ${budget.toSeconds()} s budget`, 2);
    return this;
  }

  /** A graph of related custom metrics (e.g. callback outcomes). */
  addMetricsGraph(title: string, metrics: IMetric[], width = 12): this {
    this.dashboard.addWidgets(new GraphWidget({ title, left: metrics, width }));
    return this;
  }

  /** Alarm when failures / (failures + successes) exceeds `threshold` (0–1) over 15 minutes. */
  addFailureRateAlarm(id: string, failures: Metric, successes: Metric, threshold: number, description: string): this {
    const rate = new MathExpression({
      expression: 'IF((f + s) > 0, f / (f + s), 0)',
      usingMetrics: { f: failures.with({ period: Duration.minutes(15) }), s: successes.with({ period: Duration.minutes(15) }) },
      period: Duration.minutes(15),
      label: `${id} failure rate`,
    });
    this.#alarm(id, rate, threshold, description);
    return this;
  }

  /** Any message in a dead-letter queue is a lost piece of work: alarm on the first. */
  addDeadLetterQueue(id: string, queue: IQueue): this {
    const depth = queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' });
    this.dashboard.addWidgets(new GraphWidget({ title: `${id}: dead letters`, left: [depth], width: 12 }));
    this.#alarm(id, depth, 1, `${id}: messages in the dead-letter queue`);
    return this;
  }

  #alarm(id: string, metric: IMetric, threshold: number, description: string, periods = 1): Alarm {
    const alarm = new Alarm(this, id, {
      alarmName: `${this.#stage.prefix}-${id}`,
      alarmDescription: description,
      metric,
      threshold,
      evaluationPeriods: periods,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
    return alarm;
  }

  get stack(): Stack {
    return Stack.of(this);
  }
}
