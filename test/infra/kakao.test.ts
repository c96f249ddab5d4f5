import { Match, Template } from 'aws-cdk-lib/assertions';
import { KAKAO_MAX_BODY_BYTES } from '../../lib/constructs/kakao-skill-api';
import { buildApp } from './app';

describe('Kakao skill server', () => {
  const { stacks } = buildApp('dev');
  const template = Template.fromStack(stacks.services);
  const functions = template.findResources('AWS::Lambda::Function');
  const policies = Object.entries(template.findResources('AWS::IAM::Policy'));
  const statementsOf = (roleLogicalIdPrefix: string) =>
    policies
      .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(roleLogicalIdPrefix))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
  const actionsOf = (prefix: string) => statementsOf(prefix).flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));

  it('routes POST /kakao/{profile} to the webhook through a Lambda proxy integration', () => {
    template.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: 'kakao' });
    template.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: '{profile}' });
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      RequestParameters: { 'method.request.path.profile': true },
      Integration: Match.objectLike({ Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' }),
    });
  });

  it('throttles the API stage and keeps access logs', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: Match.arrayWith([Match.objectLike({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 })]),
      AccessLogSetting: Match.objectLike({ DestinationArn: Match.anyValue() }),
      TracingEnabled: true,
    });
  });

  it('runs the webhook within Kakao\'s budget, capped request body, Secrets Manager secret and the SQS worker', () => {
    const webhook = functions.KakaoWebhookFunction?.Properties;
    expect(webhook).toMatchObject({ Timeout: 8, Runtime: 'nodejs22.x', Architectures: ['arm64'] });
    expect(webhook.Environment.Variables).toMatchObject({
      KAKAO_SKILL_SECRET_ID: expect.anything(),
      KAKAO_SECRET_HEADER: 'X-Skill-Secret',
      KAKAO_MAX_BODY_BYTES: String(KAKAO_MAX_BODY_BYTES),
      COACHING_LLM: 'bedrock',
      BEDROCK_MODEL_ID: 'global.anthropic.claude-haiku-4-5-20251001-v1:0',
      KAKAO_REQUESTS_TABLE: expect.anything(),
      COACHING_SESSIONS_TABLE: expect.anything(),
      COACHING_ARCHIVE_TABLE: expect.anything(),
      KAKAO_COMPLETION_QUEUE_URL: expect.anything(),
    });
    expect(webhook.Environment.Variables).not.toHaveProperty('KAKAO_SKILL_SECRET');
    expect(webhook.Environment.Variables).not.toHaveProperty('KAKAO_CALLBACK_TEST_LOOPBACK');
    expect(functions.KakaoWebhookWorkerFunction?.Properties).toMatchObject({ Timeout: 70 });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('gives the completion queue a dead-letter queue, TLS only, and an alarm on the first dead letter', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 2 },
      VisibilityTimeout: 420,
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('QueueKey'), 'Arn'] }, // our own key (see security.test.ts)
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'AiccDev-KakaoCompletionDeadLetters', Threshold: 1 });
  });

  it('lets only the webhook read the secret and enqueue; the worker consumes', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', { GenerateSecretString: Match.objectLike({ PasswordLength: 40, ExcludePunctuation: true }) });
    expect(actionsOf('KakaoKakaoWebhookRole')).toEqual(expect.arrayContaining(['secretsmanager:GetSecretValue', 'sqs:SendMessage', 'bedrock:InvokeModel']));
    expect(actionsOf('KakaoKakaoWorkerRole')).not.toContain('secretsmanager:GetSecretValue');
    expect(actionsOf('KakaoKakaoWorkerRole')).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'bedrock:InvokeModel']));
    expect(actionsOf('KakaoKakaoWorkerRole')).not.toContain('sqs:SendMessage');
  });

  it('grants exactly the table actions the bots use', () => {
    const dynamo = statementsOf('KakaoKakaoWebhookRole').filter((s) => JSON.stringify(s.Action).includes('dynamodb:'));
    const byTable = (name: string) => dynamo.find((s) => JSON.stringify(s.Resource).includes(name));
    expect(byTable('KakaoRequestsTable')?.Action).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
    expect(byTable('CoachingSessionsTable')?.Action).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
    expect(byTable('CoachingArchiveTable')?.Action).toBe('dynamodb:PutItem');
    expect(byTable('KakaoDialogsTable')?.Action).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
    expect(byTable('FaqTable')?.Action).toBe('dynamodb:Query');
    const all = actionsOf('KakaoKakao');
    expect(all).not.toContain('dynamodb:Scan');
    // Only the callbacks table may see DeleteItem (a failed booking gives its lock back).
    const deleters = dynamo.filter((st) => JSON.stringify(st.Action).includes('dynamodb:DeleteItem'));
    expect(deleters.map((st) => JSON.stringify(st.Resource)).every((r) => r.includes('CallbacksTable'))).toBe(true);
  });

  it('creates the three Kakao tables with TTL in the data stack', () => {
    const data = Template.fromStack(stacks.data);
    for (const pk of ['requestKey', 'userId']) {
      data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        KeySchema: Match.arrayWith([{ AttributeName: pk, KeyType: 'HASH' }]),
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      });
    }
  });
});
