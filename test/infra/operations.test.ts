import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ADMIN_ROUTE_KEYS } from '../../lambdas/admin-api/route-table';
import { buildApp } from './app';

type Statement = { Action: string | string[]; Resource: unknown };
const actionsOfRole = (template: Template, logicalPrefix: string): string[] =>
  Object.entries(template.findResources('AWS::IAM::Policy'))
    .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(logicalPrefix))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[])
    .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));

describe('operations infrastructure', () => {
  const { stacks } = buildApp('dev');
  const services = Template.fromStack(stacks.services);
  const data = Template.fromStack(stacks.data);

  it('creates every /admin route with IAM authorization and the request validator; nothing is open', () => {
    // Only the operations API's methods (the Kakao skill API lives in the same stack).
    const methods = Object.values(services.findResources('AWS::ApiGateway::Method')).filter(
      (m) => m.Properties.HttpMethod !== 'OPTIONS' && JSON.stringify(m.Properties.RestApiId).includes('OperationsApi'),
    );
    expect(methods).toHaveLength(ADMIN_ROUTE_KEYS.length);
    for (const m of methods) {
      expect(m.Properties.AuthorizationType).toBe('AWS_IAM');
      expect(m.Properties.RequestValidatorId).toBeDefined();
    }
    services.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      RequestParameters: { 'method.request.querystring.day': true },
      Integration: Match.objectLike({ Type: 'AWS_PROXY' }),
    });
  });

  it('throttles the stage, traces it and writes JSON access logs without query strings', () => {
    services.hasResourceProperties('AWS::ApiGateway::Stage', {
      TracingEnabled: true,
      MethodSettings: Match.arrayWith([Match.objectLike({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100, LoggingLevel: 'ERROR', DataTraceEnabled: false })]),
      AccessLogSetting: Match.objectLike({ Format: Match.stringLikeRegexp('resourcePath') }),
    });
    const stage = Object.values(services.findResources('AWS::ApiGateway::Stage'))[0];
    expect(JSON.stringify(stage?.Properties.AccessLogSetting)).not.toMatch(/querystring|requestOverride|\$input/i);
  });

  it('gives admin-api only the reads and writes it uses, and runs it with IAM auth', () => {
    const fn = services.findResources('AWS::Lambda::Function').AdminApiFunction;
    expect(fn?.Properties.Environment.Variables).toMatchObject({ ADMIN_AUTH: 'iam', FAQ_TABLE: expect.anything(), STATISTICS_TABLE: expect.anything(), CALLBACKS_TABLE: expect.anything() });
    const actions = actionsOfRole(services, 'OperationsAdminRole');
    expect(actions).not.toContain('dynamodb:DeleteItem');
    expect(actions).not.toContain('dynamodb:Scan');
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem']));
  });

  it('feeds the aggregator from both streams with partial-failure reporting, retries and a DLQ', () => {
    const mappings = Object.fromEntries(
      Object.entries(services.findResources('AWS::Lambda::EventSourceMapping')).filter(([, m]) => JSON.stringify(m.Properties.FunctionName).includes('Aggregator')),
    );
    expect(Object.keys(mappings)).toHaveLength(2);
    for (const m of Object.values(mappings)) {
      expect(m.Properties).toMatchObject({
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: 5,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        DestinationConfig: { OnFailure: { Destination: expect.anything() } },
        StartingPosition: 'TRIM_HORIZON',
      });
    }
    expect(actionsOfRole(services, 'OperationsAggregatorRole')).toEqual(expect.arrayContaining(['dynamodb:UpdateItem', 'dynamodb:GetRecords', 'sqs:SendMessage']));
    expect(actionsOfRole(services, 'OperationsAggregatorRole')).not.toContain('dynamodb:PutItem');
    services.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'AiccDev-StatisticsDeadLetters' });
  });

  it('turns on the streams and the escalation index, and defines the statistics table', () => {
    data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [{ AttributeName: 'conversationId', KeyType: 'HASH' }, { AttributeName: 'turn', KeyType: 'RANGE' }],
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      GlobalSecondaryIndexes: Match.arrayWith([
        Match.objectLike({ IndexName: 'escalationsByDay', KeySchema: [{ AttributeName: 'escalationDay', KeyType: 'HASH' }, { AttributeName: 'at', KeyType: 'RANGE' }] }),
      ]),
    });
    data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [{ AttributeName: 'userId', KeyType: 'HASH' }],
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
    data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [{ AttributeName: 'statsDay', KeyType: 'HASH' }, { AttributeName: 'shard', KeyType: 'RANGE' }],
    });
  });

  it('is cdk-nag clean (prod)', () => {
    const prod = buildApp('prod');
    expect(() => prod.app.synth()).not.toThrow();
    expect(new AwsSolutionsChecks(prod.app).validateScope(prod.app).violations).toEqual([]);
  });
});
