import { Match, Template } from 'aws-cdk-lib/assertions';
import { DEFAULT_BEDROCK_MODEL_ID } from '../../lambdas/adapters/bedrock/model-id';
import { baseModelId, bedrockResources } from '../../lib/stateless-stack';
import { buildApp } from './app';

describe('chatbot-handler infrastructure', () => {
  const { stacks } = buildApp('dev');
  const services = Template.fromStack(stacks.services);
  const data = Template.fromStack(stacks.data);

  it('deploys the function under its stable logical id, above the 7 s internal deadline, with Bedrock as the engine', () => {
    const fn = services.findResources('AWS::Lambda::Function').ChatbotHandlerFunction;
    expect(fn?.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Timeout: 9,
      MemorySize: 1024,
      Environment: {
        Variables: expect.objectContaining({
          CONVERSATIONS_TABLE: expect.anything(),
          FAQ_TABLE: expect.anything(),
          NLU_ENGINE: 'bedrock',
          BEDROCK_MODEL_ID: DEFAULT_BEDROCK_MODEL_ID,
        }),
      },
    });
  });

  it('grants exactly Query + PutItem on the conversation table and Query on the FAQ table (with their indexes)', () => {
    const role = Object.entries(services.findResources('AWS::IAM::Role')).find(([id]) => id.startsWith('ChatbotHandlerRole'));
    expect(role).toBeDefined();
    const policies = Object.values(services.findResources('AWS::IAM::Policy')).filter((p) => JSON.stringify(p.Properties.Roles).includes(role?.[0] ?? '?'));
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
    const dynamo = statements.filter((s) => JSON.stringify(s.Action).includes('dynamodb:'));
    const actions = dynamo.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])).sort();
    expect(actions).toEqual(['dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:Query']);
    const resources = JSON.stringify(dynamo.map((s) => s.Resource));
    expect(resources).toContain('/index/byDay');
    expect(resources).toContain('/index/active');
    expect(resources).not.toContain('/index/*');
    const bedrock = statements.find((s) => JSON.stringify(s.Action).includes('bedrock:'));
    expect(bedrock?.Action).toBe('bedrock:InvokeModel');
    expect(JSON.stringify(bedrock?.Resource)).toContain(`inference-profile/${DEFAULT_BEDROCK_MODEL_ID}`);
  });

  it('keeps the conversation log with a TTL and sparse indexes by day and by customer', () => {
    data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: 'conversationId', KeyType: 'HASH' },
        { AttributeName: 'turn', KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      GlobalSecondaryIndexes: Match.arrayWith([
        Match.objectLike({ IndexName: 'byDay', KeySchema: [{ AttributeName: 'dayKey', KeyType: 'HASH' }, { AttributeName: 'startedAt', KeyType: 'RANGE' }] }),
        Match.objectLike({ IndexName: 'byCustomer', KeySchema: [{ AttributeName: 'customerIndexKey', KeyType: 'HASH' }, { AttributeName: 'startedAt', KeyType: 'RANGE' }] }),
      ]),
    });
  });

  it('keeps the FAQ by category and lists live entries through a sparse index', () => {
    data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [{ AttributeName: 'faqId', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: Match.arrayWith([Match.objectLike({ IndexName: 'byCategory' }), Match.objectLike({ IndexName: 'active' })]),
    });
  });

  it('allows the inference profile and its foundation model, nothing broader', () => {
    expect(baseModelId('global.anthropic.claude-haiku-4-5-20251001-v1:0')).toBe('anthropic.claude-haiku-4-5-20251001-v1:0');
    expect(bedrockResources('apac.anthropic.claude-3-haiku-20240307-v1:0', 'ap-northeast-2', '123456789012')).toEqual([
      'arn:aws:bedrock:ap-northeast-2:123456789012:inference-profile/apac.anthropic.claude-3-haiku-20240307-v1:0',
      'arn:aws:bedrock:*::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
      'arn:aws:bedrock:::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
    ]);
    expect(bedrockResources('anthropic.claude-3-haiku-20240307-v1:0', 'ap-northeast-2', '1')).toEqual(['arn:aws:bedrock:ap-northeast-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0']);
  });
});
