import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import { FLOW_LAMBDAS, FLOWS, QUEUE_KEYS, QUEUES, type FlowLambdaPlaceholder } from '../../lib/connect-resources';
import { ContactCenterStack, holidayClosures, type ContactCenterStackProps } from '../../lib/contact-center-stack';
import { ContactFlow } from '../../lib/constructs/contact-flow';
import { lexIntentsFrom, readIntentExamples } from '../../lib/lex-bot';
import { parseBusinessHours } from '../../lambdas/domain/calendar';
import { resolveStage } from '../../lib/stage';
import { unresolvedPlaceholdersInTemplate } from '../../local/flows/validate';

const FIXTURE = join(__dirname, '..', 'fixtures', 'intent-examples.json');
const examples = readIntentExamples(FIXTURE);
if (!examples) throw new Error('fixture missing');

/** The stack with stand-in functions (deployment artifacts only: the stack just needs their ARNs). */
const build = (overrides: Partial<ContactCenterStackProps> = {}) => {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'aicc-connect-')) });
  const stage = resolveStage('prod');
  const fnStack = new Stack(app, 'Functions', { env: { account: '111122223333', region: 'ap-northeast-2' } });
  const functions = Object.fromEntries(
    (Object.keys(FLOW_LAMBDAS) as FlowLambdaPlaceholder[]).map((p) => [
      p,
      new LambdaFunction(fnStack, p, { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: Code.fromInline('exports.handler = async () => ({})') }),
    ]),
  ) as Record<FlowLambdaPlaceholder, LambdaFunction>;
  for (const fn of Object.values(functions)) {
    Validations.of(fn).acknowledge({ id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', reason: 'Test stand-in function: only its ARN matters to the stack under test.' });
    Validations.of(fn).acknowledge({ id: 'AwsSolutions-L1', reason: 'Test stand-in function: only its ARN matters to the stack under test.' });
  }
  const stack = new ContactCenterStack(app, 'ContactCenter', {
    env: { account: '111122223333', region: 'ap-northeast-2' },
    stage,
    functions,
    intentExamples: examples,
    instanceAlias: 'seed-aicc-test',
    holidayYears: [2026],
    ...overrides,
  });
  return { app, stack, template: Template.fromStack(stack) };
};

describe('contact center stack', () => {
  const { template, stack } = build();

  it('creates the instance from the context alias with inbound, outbound, flow logs and Contact Lens', () => {
    template.hasResourceProperties('AWS::Connect::Instance', {
      IdentityManagementType: 'CONNECT_MANAGED',
      InstanceAlias: 'seed-aicc-test',
      Attributes: Match.objectLike({ InboundCalls: true, OutboundCalls: true, ContactflowLogs: true, ContactLens: true }),
    });
  });

  it('stores call recordings and chat transcripts in a KMS-encrypted bucket', () => {
    for (const type of ['CALL_RECORDINGS', 'CHAT_TRANSCRIPTS']) {
      template.hasResourceProperties('AWS::Connect::InstanceStorageConfig', {
        ResourceType: type,
        StorageType: 'S3',
        S3Config: Match.objectLike({ EncryptionConfig: { EncryptionType: 'KMS', KeyId: Match.anyValue() } }),
      });
    }
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) })] },
      VersioningConfiguration: { Status: 'Enabled' },
    });
  });

  it('keeps hours in Asia/Seoul, weekdays 09:00-18:00, with every weekday Korean public holiday closed', () => {
    const hours = template.findResources('AWS::Connect::HoursOfOperation');
    const props = Object.values(hours)[0]?.Properties as { TimeZone: string; Config: unknown[]; HoursOfOperationOverrides: { EffectiveFrom: string; OverrideType: string }[] };
    expect(props.TimeZone).toBe('Asia/Seoul');
    expect(props.Config).toHaveLength(5);
    expect(props.Config).toContainEqual({ Day: 'MONDAY', StartTime: { Hours: 9, Minutes: 0 }, EndTime: { Hours: 18, Minutes: 0 } });
    expect(props.Config).not.toContainEqual(expect.objectContaining({ Day: 'SATURDAY' }));
    const dates = props.HoursOfOperationOverrides.map((o) => o.EffectiveFrom);
    expect(dates).toEqual(holidayClosures([2026], parseBusinessHours()).map((c) => c.date));
    expect(dates).toContain('2026-01-01'); // 신정 (Thursday)
    expect(dates).toContain('2026-03-02'); // 3ㆍ1절 대체공휴일 (3월 1일 is a Sunday)
    expect(dates).not.toContain('2026-03-01'); // closed anyway: no override needed
    expect(props.HoursOfOperationOverrides.every((o) => o.OverrideType === 'CLOSED')).toBe(true);
  });

  it('creates every queue with hours, a max-contacts limit and an outbound caller config', () => {
    template.resourceCountIs('AWS::Connect::Queue', QUEUE_KEYS.length);
    for (const key of QUEUE_KEYS) {
      template.hasResourceProperties('AWS::Connect::Queue', {
        Name: QUEUES[key].name,
        MaxContacts: QUEUES[key].maxContacts,
        HoursOfOperationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('BusinessHours'), 'HoursOfOperationArn'] },
        OutboundCallerConfig: Match.objectLike({ OutboundCallerIdName: '씨드 고객센터' }),
      });
    }
  });

  it('routes VIP first: the VIP queue has the only priority-1 slot, on voice and chat', () => {
    const profile = Object.values(template.findResources('AWS::Connect::RoutingProfile'))[0]?.Properties as { QueueConfigs: { Priority: number; QueueReference: { Channel: string; QueueArn: { 'Fn::GetAtt': string[] } } }[] };
    const first = profile.QueueConfigs.filter((q) => q.Priority === 1);
    expect(first.map((q) => q.QueueReference.QueueArn['Fn::GetAtt'][0])).toEqual([stack.getLogicalId(stack.queues.vip), stack.getLogicalId(stack.queues.vip)]);
    expect(first.map((q) => q.QueueReference.Channel).sort()).toEqual(['CHAT', 'VOICE']);
    expect(profile.QueueConfigs).toHaveLength(QUEUE_KEYS.length * 2);
  });

  it('has agent, supervisor and admin security profiles', () => {
    for (const name of ['AICC-Agent', 'AICC-Supervisor', 'AICC-Admin']) {
      template.hasResourceProperties('AWS::Connect::SecurityProfile', { SecurityProfileName: name, Permissions: Match.anyValue() });
    }
    template.hasResourceProperties('AWS::Connect::SecurityProfile', { SecurityProfileName: 'AICC-Agent', Permissions: Match.arrayWith(['BasicAgentAccess']) });
  });

  it('associates every Lambda the flows call and the Lex bot alias with the instance', () => {
    const associations = Object.values(template.findResources('AWS::Connect::IntegrationAssociation')).map((r) => r.Properties as { IntegrationType: string });
    expect(associations.filter((a) => a.IntegrationType === 'LAMBDA_FUNCTION')).toHaveLength(Object.keys(FLOW_LAMBDAS).length);
    template.hasResourceProperties('AWS::Connect::IntegrationAssociation', { IntegrationType: 'LEX_BOT', IntegrationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('BotAlias'), 'Arn'] } });
  });

  it('generates the ko_KR Lex bot from the intent examples, with FallbackIntent and the Seoyeon voice', () => {
    const bot = Object.values(template.findResources('AWS::Lex::Bot'))[0]?.Properties as {
      BotLocales: { LocaleId: string; VoiceSettings: unknown; Intents: { Name: string; ParentIntentSignature?: string; SampleUtterances?: { Utterance: string }[]; FulfillmentCodeHook?: { Enabled: boolean } }[] }[];
    };
    const locale = bot.BotLocales[0];
    expect(locale?.LocaleId).toBe('ko_KR');
    expect(locale?.VoiceSettings).toEqual({ VoiceId: 'Seoyeon', Engine: 'neural' });
    const byName = Object.fromEntries((locale?.Intents ?? []).map((i) => [i.Name, i]));
    expect(Object.keys(byName).sort()).toEqual(['FallbackIntent', 'agent_request', 'delivery_status', 'hours_faq', 'refund_request']);
    expect(byName.refund_request?.SampleUtterances).toEqual([{ Utterance: '환불하고 싶어요' }, { Utterance: '환불 받고 싶습니다' }, { Utterance: '결제 취소해 주세요' }]);
    expect(JSON.stringify(locale?.Intents)).not.toContain('돈 돌려받고'); // held-out examples stay unseen
    expect(byName.FallbackIntent).toMatchObject({ ParentIntentSignature: 'AMAZON.FallbackIntent', FulfillmentCodeHook: { Enabled: true } });
    template.resourceCountIs('AWS::Lex::BotVersion', 1);
    template.hasResourceProperties('AWS::Lex::BotAlias', {
      BotAliasName: 'live',
      BotVersion: { 'Fn::GetAtt': [Match.stringLikeRegexp('BotVersion'), 'BotVersion'] },
      BotAliasLocaleSettings: [{ LocaleId: 'ko_KR', BotAliasLocaleSetting: { Enabled: true, CodeHookSpecification: { LambdaCodeHook: { CodeHookInterfaceVersion: '1.0', LambdaArn: Match.anyValue() } } } }],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', { Principal: 'lexv2.amazonaws.com', SourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('BotAlias'), 'Arn'] } });
  });

  it('deploys the four flows with their types and every placeholder substituted', () => {
    for (const flow of FLOWS) template.hasResourceProperties('AWS::Connect::ContactFlow', { Name: flow.name, Type: flow.type, State: 'ACTIVE' });
    template.resourceCountIs('AWS::Connect::ContactFlow', FLOWS.length);
    expect(unresolvedPlaceholdersInTemplate(template.toJSON())).toEqual([]);
    const inbound = Object.values(template.findResources('AWS::Connect::ContactFlow')).find((r) => r.Properties.Name === 'AICC Inbound Main');
    const content = JSON.stringify(inbound?.Properties.Content);
    // Function ARNs come from the functions stack, the bot alias and hours from this one.
    expect(content).toMatch(/Fn::ImportValue[^}]*ChatbotHandler/);
    expect(content).toMatch(/Fn::ImportValue[^}]*CustomerValidation/);
    expect(content).toMatch(/Fn::GetAtt[^}]*BotAlias[^}]*Arn/);
    expect(content).toMatch(/Fn::GetAtt[^}]*BusinessHours[^}]*HoursOfOperationArn/);
  });

  it('claims no phone number unless asked to', () => {
    template.resourceCountIs('AWS::Connect::PhoneNumber', 0);
    const withNumber = build({ claimPhoneNumber: true }).template;
    withNumber.hasResourceProperties('AWS::Connect::PhoneNumber', { CountryCode: 'KR', Type: 'DID' });
    withNumber.hasResourceProperties('Custom::AWS', Match.objectLike({}));
  });

  it('is clean under cdk-nag AwsSolutions, with or without a phone number', () => {
    for (const claimPhoneNumber of [false, true]) {
      const { app } = build({ claimPhoneNumber });
      Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
      expect(() => app.synth()).not.toThrow();
      expect(new AwsSolutionsChecks(app).validateScope(app).violations).toEqual([]);
    }
  });
});

describe('ContactFlow construct', () => {
  it('fails synthesis on a placeholder the stack does not bind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flows-'));
    writeFileSync(join(dir, 'x.json'), JSON.stringify({ Version: '2019-10-30', StartAction: 'a', Actions: [{ Identifier: 'a', Type: 'InvokeLambdaFunction', Parameters: { LambdaFunctionARN: '${Nope}' }, Transitions: {} }] }));
    const stack = new Stack(new App(), 'S');
    expect(() => new ContactFlow(stack, 'F', { instanceArn: 'arn:aws:connect:ap-northeast-2:1:instance/x', dir, placeholders: {}, definition: { key: 'x', file: 'x.json', name: 'X', type: 'CONTACT_FLOW', description: 'x' } })).toThrow(
      'contact flow x.json: unbound placeholder(s) ${Nope}',
    );
  });
});

describe('Lex intents from the example data', () => {
  it('keeps train examples only, cleans punctuation and drops utterances two intents claim', () => {
    const intents = lexIntentsFrom(examples);
    expect(intents.map((i) => i.name)).toEqual(['agent_request', 'delivery_status', 'hours_faq', 'refund_request']);
    expect(intents.find((i) => i.name === 'delivery_status')?.sampleUtterances).toEqual(['배송 언제 와요', '택배 어디쯤 왔나요', '주문한 물건이 안 와요']);
  });
});
