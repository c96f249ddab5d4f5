import type { Duration } from 'aws-cdk-lib';
import { AssetHashType, DockerImage, Stack, Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { Architecture, Code, Function as LambdaFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { join, relative, sep } from 'node:path';
import { bundleLambdaSync } from '../bundling';
import type { TableBinding } from '../stateful-stack';
import type { StageConfig } from '../stage';
import { METRIC_NAMESPACE } from '../../lambdas/platform/metric-names';

export const REPO_ROOT = join(__dirname, '..', '..');

export interface AiccFunctionProps {
  /** Folder under lambdas/ (`customer-validation`); the entry is `lambdas/<name>/handler.ts` unless `entry` says otherwise */
  readonly name: string;
  readonly entry?: string;
  readonly description: string;
  /** Explicit on purpose: every function sits on a latency budget */
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly stage: StageConfig;
  /** Stable CloudFormation logical id, so `sam local invoke <id>` and events/env.json keep working */
  readonly logicalId: string;
  readonly environment?: Record<string, string>;
  readonly handler?: string;
}

export type DynamoAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:BatchGetItem'
  | 'dynamodb:Query'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:ConditionCheckItem';

export const READ_ACTIONS: readonly DynamoAction[] = ['dynamodb:GetItem', 'dynamodb:Query'];
export const WRITE_ACTIONS: readonly DynamoAction[] = ['dynamodb:PutItem', 'dynamodb:UpdateItem'];

/**
 * The house Lambda: nodejs22.x on arm64, a minified esbuild bundle with its source map (lib/bundling.ts; decoded
 * only when a stack trace is printed, lambdas/platform/stack-traces.ts), its own log
 * group with retention, active tracing, explicit timeout and memory, and a role with no managed
 * policy (it may write to its own log group, nothing else until something is bound to it).
 */
export class AiccFunction extends Construct {
  readonly fn: LambdaFunction;
  /** `customer-validation`, `callback-dispatcher`...: the function's name without the stage prefix */
  readonly name: string;
  /** The TypeScript entry bundled for it */
  readonly entry: string;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: AiccFunctionProps) {
    super(scope, id);
    const functionName = `${props.stage.prefix}-${props.name}`;

    this.logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: props.stage.logRetention,
      removalPolicy: props.stage.removalPolicy,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${functionName}: least-privilege execution role`,
    });
    this.logGroup.grantWrite(this.role);

    const entry = props.entry ?? join(REPO_ROOT, 'lambdas', props.name, 'handler.ts');
    this.name = props.name;
    this.entry = entry;
    // Bundled on this machine with lib/bundling.ts (the bench measures the same bundle). The image and
    // command are CDK's fallback when local bundling is impossible: the same script, in a Node 22 build
    // image with the repository mounted at /asset-input. The command also keys CDK's asset cache, so
    // every function gets its own bundle.
    const relativeEntry = relative(REPO_ROOT, entry).split(sep).join('/');
    const code = Code.fromAsset(REPO_ROOT, {
      assetHashType: AssetHashType.OUTPUT,
      bundling: {
        image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs22.x'),
        command: ['node', 'node_modules/tsx/dist/cli.mjs', 'lib/bundle-lambda.ts', relativeEntry, '/asset-output'],
        local: {
          tryBundle: (outputDir) => {
            bundleLambdaSync(entry, outputDir);
            return true;
          },
        },
      },
    });

    this.fn = new LambdaFunction(this, 'Function', {
      functionName,
      description: props.description,
      code,
      handler: `index.${props.handler ?? 'handler'}`,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      tracing: Tracing.ACTIVE,
      logGroup: this.logGroup,
      role: this.role,
      environment: {
        STAGE: props.stage.name,
        POWERTOOLS_SERVICE_NAME: props.name,
        POWERTOOLS_METRICS_NAMESPACE: METRIC_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: props.stage.name === 'prod' ? 'INFO' : 'DEBUG',
        ...props.environment,
      },
    });
    (this.fn.node.defaultChild as CfnFunction).overrideLogicalId(props.logicalId);

    // X-Ray trace upload supports no resource-level permissions (AWS service authorization reference).
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions.',
    });
    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'The design card fixes the runtime at nodejs22.x (an LTS line Lambda supports); moving to a newer line is a deliberate, tested change.',
    });
  }

  /**
   * Binds a table in one call: the env var the handler reads (from lib/tables.ts) and exactly the
   * DynamoDB actions it needs, on the table and its named indexes only, plus the key to use it.
   */
  bindTable(binding: TableBinding, actions: readonly DynamoAction[], key?: IKey): this {
    this.fn.addEnvironment(binding.definition.envVar, binding.table.tableName);
    const arn = binding.table.tableArn;
    const resources = [arn, ...binding.definition.indexes.map((i) => `${arn}/index/${i.indexName}`)];
    this.role.addToPrincipalPolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: [...new Set(actions)], resources }));
    if (key) {
      const write = actions.some((a) => WRITE_ACTIONS.includes(a) || a === 'dynamodb:DeleteItem');
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: ['kms:Decrypt', 'kms:DescribeKey', ...(write ? ['kms:Encrypt', 'kms:GenerateDataKey'] : [])],
          resources: [key.keyArn],
        }),
      );
    }
    return this;
  }

  get stack(): Stack {
    return Stack.of(this);
  }
}
