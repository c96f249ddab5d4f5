import { Duration, Validations } from 'aws-cdk-lib';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import type { IEventSourceDlq } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key, type IKey } from 'aws-cdk-lib/aws-kms';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ADMIN_ROUTE_KEYS, splitRouteKey } from '../../lambdas/admin-api/route-table';
import type { TableBinding } from '../stateful-stack';
import type { TableKey } from '../tables';
import type { StageConfig } from '../stage';
import { AiccFunction } from './aicc-function';
import { AiccRestApi } from './aicc-rest-api';

export interface OperationsApiProps {
  readonly stage: StageConfig;
  readonly tables: Record<TableKey, TableBinding>;
  readonly dataKey: IKey;
  /** The REST API to mount `/admin` on (created here when absent) */
  readonly api?: AiccRestApi;
}

/** Query parameters API Gateway itself insists on before invoking the Lambda (which validates everything). */
const REQUIRED_QUERY: Partial<Record<(typeof ADMIN_ROUTE_KEYS)[number], readonly string[]>> = {
  'GET /admin/escalations': ['day'],
  'GET /admin/callbacks': ['day'],
  'GET /admin/statistics': ['from'],
  'DELETE /admin/faq/{faqId}': ['version'],
};

/**
 * The supervisors' operations API and the statistics that feed it:
 * - admin-api behind `/admin/*` (every route IAM-authorized), least-privilege table grants;
 * - statistics-aggregator on the conversations and coaching-sessions streams: batches of 100,
 *   partial batch failures, bisect on error, 5 retries, then the record goes to an encrypted DLQ
 *   (alarmed by the Observability construct through `deadLetters`).
 */
export class OperationsApi extends Construct {
  readonly api: AiccRestApi;
  readonly adminFunction: AiccFunction;
  readonly aggregator: AiccFunction;
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: OperationsApiProps) {
    super(scope, id);
    const { stage, tables, dataKey } = props;
    this.api = props.api ?? new AiccRestApi(this, 'Api', { stage, description: 'Seed AICC operations API (/admin)' });

    this.adminFunction = new AiccFunction(this, 'Admin', {
      name: 'admin-api',
      description: 'Operations API for supervisors: FAQ, conversations, callbacks, escalations, statistics',
      logicalId: 'AdminApiFunction',
      timeout: Duration.seconds(10),
      memorySize: 512,
      stage,
      environment: { ADMIN_AUTH: 'iam' },
    })
      .bindTable(tables.faq, ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'], dataKey)
      .bindTable(tables.conversations, ['dynamodb:Query'], dataKey)
      .bindTable(tables.callbacks, ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'], dataKey)
      .bindTable(tables.statistics, ['dynamodb:Query'], dataKey);

    for (const key of ADMIN_ROUTE_KEYS) {
      const { method, path } = splitRouteKey(key);
      this.api.addRoute(method, path, this.adminFunction, REQUIRED_QUERY[key] ?? []);
    }

    this.aggregator = new AiccFunction(this, 'Aggregator', {
      name: 'statistics-aggregator',
      description: 'Counts turns, outcomes, FAQ hits and crisis detections into daily statistics from the table streams',
      logicalId: 'StatisticsAggregatorFunction',
      timeout: Duration.seconds(60),
      memorySize: 256,
      stage,
    }).bindTable(tables.statistics, ['dynamodb:UpdateItem'], dataKey);

    // Failed stream batches name conversations and callbacks: encrypted under our own key.
    const deadLettersKey = new Key(this, 'DeadLettersKey', {
      description: 'Seed AICC: encrypts the statistics dead-letter queue',
      enableKeyRotation: true,
      removalPolicy: stage.removalPolicy,
    });
    this.deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: deadLettersKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is the dead-letter destination of the statistics stream consumer; it needs no DLQ of its own.',
    });

    // The failure destination with exact actions (SqsDlq grants kms:ReEncrypt* and kms:GenerateDataKey*).
    const onFailure: IEventSourceDlq = { bind: () => ({ destination: this.deadLetters.queueArn }) };
    const source = (binding: TableBinding, filters: Record<string, unknown>[]) =>
      new DynamoEventSource(binding.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(5),
        bisectBatchOnError: true,
        retryAttempts: 5,
        maxRecordAge: Duration.hours(24),
        reportBatchItemFailures: true,
        onFailure,
        filters,
      });
    this.aggregator.fn.addEventSource(source(tables.conversations, [FilterCriteria.filter({ eventName: FilterRule.isEqual('INSERT') })]));
    this.aggregator.fn.addEventSource(source(tables.coachingSessions, [FilterCriteria.filter({ eventName: FilterRule.or('INSERT', 'MODIFY') })]));
    this.aggregator.role.addToPrincipalPolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'], resources: [this.deadLetters.queueArn] }),
    );
    deadLettersKey.grant(this.aggregator.role, 'kms:GenerateDataKey', 'kms:Decrypt');
    Validations.of(this.aggregator.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'dynamodb:ListStreams (added by the event source mapping) and X-Ray uploads support no resource-level permissions.',
    });
  }
}
