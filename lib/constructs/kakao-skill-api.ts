import { join } from 'node:path';
import { Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import { AccessLogFormat, EndpointType, LambdaIntegration, LogGroupLogDestination, MethodLoggingLevel, RestApi } from 'aws-cdk-lib/aws-apigateway';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { StatefulStack } from '../stateful-stack';
import type { StageConfig } from '../stage';
import { AiccFunction, REPO_ROOT } from './aicc-function';

export interface KakaoSkillApiProps {
  readonly stage: StageConfig;
  readonly data: StatefulStack;
  /** Bedrock inference profile of the coaching bot */
  readonly bedrockModelId?: string;
  /** Stage throttling (requests per second, burst) */
  readonly rateLimit?: number;
  readonly burstLimit?: number;
  /** Seoul business hours for callback booking (same syntax as the callback scheduler) */
  readonly businessHours?: string;
}

export const DEFAULT_COACHING_MODEL = 'global.anthropic.claude-haiku-4-5-20251001-v1:0';
/** The largest skill request the handler accepts (a 10,000-character utterance is about 30 KB). */
export const KAKAO_MAX_BODY_BYTES = 64 * 1024;

/**
 * The KakaoTalk skill server: `POST /kakao/{profile}` on a throttled REST API, the webhook
 * function (5-second budget), the async worker that finishes LLM turns by Kakao callback (SQS with
 * a dead-letter queue), and the shared skill secret in Secrets Manager (read by the webhook only).
 */
export class KakaoSkillApi extends Construct {
  readonly api: RestApi;
  readonly webhook: AiccFunction;
  readonly worker: AiccFunction;
  readonly queue: Queue;
  readonly deadLetters: Queue;
  readonly secret: Secret;

  constructor(scope: Construct, id: string, props: KakaoSkillApiProps) {
    super(scope, id);
    const { stage, data } = props;
    const modelId = props.bedrockModelId ?? DEFAULT_COACHING_MODEL;

    this.secret = new Secret(this, 'SkillSecret', {
      description: 'Kakao i OpenBuilder skill secret: sent by Kakao in the X-Skill-Secret header (skill settings → header)',
      generateSecretString: { passwordLength: 40, excludePunctuation: true },
      removalPolicy: stage.removalPolicy,
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'The secret is shared with the Kakao OpenBuilder skill settings, which cannot be updated by a rotation Lambda; it is rotated by hand in both places.',
    });

    // Deferred turns carry what users wrote: encrypted under our own key (rotated, auditable in CloudTrail).
    const queueKey = new Key(this, 'QueueKey', {
      description: 'Seed AICC: encrypts the Kakao completion queue and its dead-letter queue',
      enableKeyRotation: true,
      removalPolicy: stage.removalPolicy,
    });
    this.deadLetters = new Queue(this, 'CompletionDeadLetters', {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: queueKey,
      enforceSSL: true,
    });
    this.queue = new Queue(this, 'CompletionQueue', {
      // Six times the worker's timeout (AWS guidance for Lambda event sources).
      visibilityTimeout: Duration.seconds(6 * 70),
      retentionPeriod: Duration.minutes(10), // a Kakao callback URL lives one minute: older work is worthless
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: queueKey,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: 2 },
    });

    const environment = {
      KAKAO_SKILL_SECRET_ID: this.secret.secretArn,
      KAKAO_SECRET_HEADER: 'X-Skill-Secret',
      KAKAO_COMPLETION_QUEUE_URL: this.queue.queueUrl,
      KAKAO_MAX_BODY_BYTES: String(KAKAO_MAX_BODY_BYTES),
      COACHING_LLM: 'bedrock',
      BEDROCK_MODEL_ID: modelId,
      // The service brain understands Korean with its offline engine (no extra latency inside Kakao's 5 s).
      NLU_ENGINE: 'offline',
      BUSINESS_HOURS: props.businessHours ?? 'mon-fri 09:00-18:00',
    };

    this.webhook = new AiccFunction(this, 'KakaoWebhook', {
      name: 'kakao-webhook',
      description: 'KakaoTalk skill server: POST /kakao/{profile} (service | coaching), answers within Kakao\'s 5 s',
      logicalId: 'KakaoWebhookFunction',
      timeout: Duration.seconds(8),
      memorySize: 1024,
      stage,
      environment,
    });
    this.worker = new AiccFunction(this, 'KakaoWorker', {
      name: 'kakao-webhook-worker',
      entry: join(REPO_ROOT, 'lambdas', 'kakao-webhook', 'worker.ts'),
      description: 'Finishes deferred Kakao turns (LLM) and POSTs the reply to the one-time callback URL within 55 s',
      logicalId: 'KakaoWebhookWorkerFunction',
      timeout: Duration.seconds(70),
      memorySize: 1024,
      stage,
      environment,
    });

    // Bedrock: the coaching model's inference profile and the foundation model it routes to, nothing else.
    const stack = Stack.of(this);
    const foundationModel = modelId.replace(/^(global|us|eu|apac|jp|au)\./, '');
    const bedrockResources = [
      `arn:${stack.partition}:bedrock:*:${stack.account}:inference-profile/${modelId}`,
      `arn:${stack.partition}:bedrock:*::foundation-model/${foundationModel}`,
    ];
    // cdk-nag names resources as synthesized: tokens as <AWS::Partition>, literals as themselves.
    const nagName = (value: string, token: string) => (Token.isUnresolved(value) ? token : value);
    const partition = nagName(stack.partition, '<AWS::Partition>');
    const account = nagName(stack.account, '<AWS::AccountId>');

    for (const fn of [this.webhook, this.worker]) {
      fn.bindTable(data.tables.kakaoRequests, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], data.dataKey)
        .bindTable(data.tables.coachingSessions, ['dynamodb:GetItem', 'dynamodb:PutItem'], data.dataKey)
        .bindTable(data.tables.coachingArchive, ['dynamodb:PutItem'], data.dataKey)
        // Service bot: the conversation brain (turn log, FAQ) and callback booking (dialog, callbacks table).
        .bindTable(data.tables.conversations, ['dynamodb:Query', 'dynamodb:PutItem'], data.dataKey)
        .bindTable(data.tables.faq, ['dynamodb:Query'], data.dataKey)
        .bindTable(data.tables.kakaoDialogs, ['dynamodb:GetItem', 'dynamodb:PutItem'], data.dataKey)
        // Booking takes the per-number lock and a slot place, and gives them back (DeleteItem) if the booking fails.
        .bindTable(
          data.tables.callbacks,
          ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:DeleteItem'],
          data.dataKey,
        );
      fn.role.addToPrincipalPolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ['bedrock:InvokeModel'], resources: bedrockResources }));
      Validations.of(fn.role).acknowledge(
        {
          id: `AwsSolutions-IAM5[Resource::arn:${partition}:bedrock:*::foundation-model/${foundationModel}]`,
          reason: 'A cross-region inference profile routes to the model in any region it serves: the region part cannot be fixed.',
        },
        {
          id: `AwsSolutions-IAM5[Resource::arn:${partition}:bedrock:*:${account}:inference-profile/${modelId}]`,
          reason: 'Global inference profiles are addressed from any source region; the profile id itself is fixed.',
        },
      );
    }
    // Only the webhook authenticates Kakao; only it reads the secret and enqueues work.
    this.secret.grantRead(this.webhook.role);
    // Exact actions (grantSendMessages would add kms:ReEncrypt* and kms:GenerateDataKey*).
    this.webhook.role.addToPrincipalPolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'], resources: [this.queue.queueArn] }),
    );
    queueKey.grant(this.webhook.role, 'kms:GenerateDataKey', 'kms:Decrypt');
    this.worker.fn.addEventSource(new SqsEventSource(this.queue, { batchSize: 1, reportBatchItemFailures: true, maxConcurrency: 20 }));

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: stage.logRetention, removalPolicy: stage.removalPolicy });
    this.api = new RestApi(this, 'Api', {
      restApiName: `${stage.prefix}-kakao-skill`,
      description: 'Kakao i OpenBuilder skill endpoint',
      endpointConfiguration: { types: [EndpointType.REGIONAL] },
      cloudWatchRole: false,
      deployOptions: {
        stageName: stage.name,
        throttlingRateLimit: props.rateLimit ?? 50,
        throttlingBurstLimit: props.burstLimit ?? 100,
        tracingEnabled: true,
        loggingLevel: MethodLoggingLevel.OFF,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields({
          caller: false,
          httpMethod: true,
          ip: true,
          protocol: true,
          requestTime: true,
          resourcePath: true,
          responseLength: true,
          status: true,
          user: false,
        }),
      },
    });
    const profile = this.api.root.addResource('kakao').addResource('{profile}');
    profile.addMethod('POST', new LambdaIntegration(this.webhook.fn, { proxy: true, timeout: Duration.seconds(9) }), {
      requestParameters: { 'method.request.path.profile': true },
      requestValidatorOptions: { validateRequestParameters: true, validateRequestBody: false },
    });

    Validations.of(this.api).acknowledge(
      {
        id: 'AwsSolutions-APIG4',
        reason: 'Kakao cannot sign requests or use IAM/Cognito: the function checks the shared secret header in constant time and answers 401.',
      },
      { id: 'AwsSolutions-COG4', reason: 'Kakao cannot present Cognito tokens; see APIG4 (shared secret header checked by the function).' },
      { id: 'AwsSolutions-APIG3', reason: 'Stage throttling and the shared secret protect the endpoint; a WAF web ACL can be attached per deployment.' },
      {
        id: 'AwsSolutions-APIG6',
        reason: 'Execution logging needs an account-wide API Gateway CloudWatch role (disabled in cdk.json); access logs and function logs cover every request.',
      },
      { id: 'AwsSolutions-APIG2', reason: 'Kakao payloads vary by block type: the function validates the body leniently with a schema and always answers a valid SkillResponse.' },
    );
  }
}
