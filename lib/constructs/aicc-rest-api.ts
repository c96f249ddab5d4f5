import { ArnFormat, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import { PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  AccessLogFormat,
  AuthorizationType,
  CfnAccount,
  EndpointType,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  RequestValidator,
  RestApi,
  type IResource,
} from 'aws-cdk-lib/aws-apigateway';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { StageConfig } from '../stage';
import type { AiccFunction } from './aicc-function';

export interface AiccRestApiProps {
  readonly stage: StageConfig;
  readonly description: string;
  /** Steady requests per second across the API, and the burst above it */
  readonly rateLimit?: number;
  readonly burstLimit?: number;
}

/**
 * The house REST API: regional, X-Ray traced, JSON access logs in their own log group (no request
 * bodies, no query strings: only ids, status and latency), execution logs at ERROR, stage-wide
 * throttling and a request validator every method uses. Features add routes with `addRoute`
 * (the Kakao skill can mount on the same API).
 */
export class AiccRestApi extends Construct {
  readonly api: RestApi;
  readonly validator: RequestValidator;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: AiccRestApiProps) {
    super(scope, id);
    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.stage.logRetention, removalPolicy: props.stage.removalPolicy });
    this.api = new RestApi(this, 'Api', {
      restApiName: `${props.stage.prefix}-api`,
      description: props.description,
      endpointConfiguration: { types: [EndpointType.REGIONAL] },
      // Execution logs need the account-level API Gateway role: ours below, with an inline policy (no managed policy).
      cloudWatchRole: false,
      deployOptions: {
        stageName: props.stage.name,
        tracingEnabled: true,
        loggingLevel: MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        metricsEnabled: true,
        throttlingRateLimit: props.rateLimit ?? 50,
        throttlingBurstLimit: props.burstLimit ?? 100,
        accessLogDestination: new LogGroupLogDestination(this.accessLogs),
        // Path, not query string: query values (customer ids, days) stay out of the access log.
        accessLogFormat: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            method: '$context.httpMethod',
            resource: '$context.resourcePath',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationLatencyMs: '$context.integrationLatency',
            caller: '$context.identity.caller',
            sourceIp: '$context.identity.sourceIp',
          }),
        ),
      },
    });
    const logsRole = new Role(this, 'CloudWatchRole', {
      assumedBy: new ServicePrincipal('apigateway.amazonaws.com'),
      description: 'API Gateway (account-level): writes execution logs to CloudWatch Logs',
      inlinePolicies: {
        logs: new PolicyDocument({
          statements: [
            new PolicyStatement({
              actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams', 'logs:PutLogEvents', 'logs:GetLogEvents', 'logs:FilterLogEvents'],
              resources: [Stack.of(this).formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
            }),
          ],
        }),
      },
    });
    const stack = Stack.of(this);
    const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
    const accountId = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
    const partition = Token.isUnresolved(stack.partition) ? '<AWS::Partition>' : stack.partition;
    Validations.of(logsRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:${partition}:logs:${region}:${accountId}:log-group:*]`,
      reason: 'API Gateway names its execution log groups itself (API-Gateway-Execution-Logs_<api id>/<stage>), per API, after deployment.',
    });
    const account = new CfnAccount(this, 'Account', { cloudWatchRoleArn: logsRole.roleArn });
    this.api.deploymentStage.node.addDependency(account);
    this.validator = new RequestValidator(this, 'Validator', { restApi: this.api, validateRequestBody: true, validateRequestParameters: true });

    Validations.of(this.api).acknowledge(
      {
        id: 'AwsSolutions-APIG3',
        reason: 'Only IAM-signed callers reach this API (no anonymous traffic to filter); stage throttling bounds abuse. A WAF web ACL can be associated per installation.',
      },
      {
        id: 'AwsSolutions-COG4',
        reason: 'Methods use IAM (SigV4) authorization instead of a Cognito user pool: see lambdas/admin-api/auth.ts for why.',
      },
    );
  }

  /** `method path` onto a Lambda, IAM-authorized, with the required query parameters validated at the gateway too. */
  addRoute(method: string, path: string, fn: AiccFunction, requiredQuery: readonly string[] = []): this {
    let resource: IResource = this.api.root;
    for (const part of path.split('/').filter(Boolean)) resource = resource.getResource(part) ?? resource.addResource(part);
    resource.addMethod(method, new LambdaIntegration(fn.fn, { proxy: true, timeout: Duration.seconds(29) }), {
      authorizationType: AuthorizationType.IAM,
      requestValidator: this.validator,
      requestParameters: Object.fromEntries(requiredQuery.map((q) => [`method.request.querystring.${q}`, true])),
    });
    return this;
  }

  get stack(): Stack {
    return Stack.of(this);
  }
}
