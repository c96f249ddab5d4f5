import { createHash } from 'node:crypto';
import { CfnOutput, Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import {
  CfnHoursOfOperation,
  CfnInstance,
  CfnInstanceStorageConfig,
  CfnIntegrationAssociation,
  CfnPhoneNumber,
  CfnQueue,
  CfnRoutingProfile,
  CfnSecurityProfile,
} from 'aws-cdk-lib/aws-connect';
import { Effect, Policy, PolicyDocument, PolicyStatement, Role, ServicePrincipal, type IRole } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { CfnPermission, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { CfnBot, CfnBotAlias, CfnBotVersion } from 'aws-cdk-lib/aws-lex';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';
import { addSeoulDays, dateKeyToDate, parseBusinessHours, publicHolidayNames, toSeoul, type BusinessHoursConfig } from '../lambdas/domain/calendar';
import { FLOWS, KOREAN_VOICE, LEX_LOCALE, QUEUE_KEYS, QUEUES, type FlowLambdaPlaceholder, type QueueKey } from './connect-resources';
import { ContactFlow } from './constructs/contact-flow';
import { lexIntentsFrom, type IntentExamples } from './lex-bot';
import type { StageConfig } from './stage';
import { CONNECT_PARAMETER_NAMES } from '../lambdas/platform/connect-parameters';
import { addContactEventsRule, CONTACT_WILDCARD_REASON } from './constructs/callback-scheduler';

export interface ContactCenterStackProps extends StackProps {
  readonly stage: StageConfig;
  /** The callback dispatcher: granted StartOutboundVoiceContact on this instance's callback flow and queue */
  readonly callbackDialer?: { readonly role: IRole; readonly fn: IFunction };
  /** The Lambdas the flows call, by flow placeholder */
  readonly functions: Readonly<Record<FlowLambdaPlaceholder, IFunction>>;
  /** Intent example data (lambdas/domain/nlu/intent-examples.json) the Lex bot is generated from */
  readonly intentExamples: IntentExamples;
  /** Connect instance alias (context `connectInstanceAlias`); must be unique in the account's region */
  readonly instanceAlias?: string;
  /** `mon-fri 09:00-18:00` style (context `businessHours`) */
  readonly businessHours?: string;
  /** Years whose Korean public holidays become closed overrides (default: this year and next) */
  readonly holidayYears?: readonly number[];
  /** Claim a phone number and point it at the inbound flow (context `claimPhoneNumber`, off: it costs money) */
  readonly claimPhoneNumber?: boolean;
  /** ISO country of the claimed number (context `phoneNumberCountry`, default KR) */
  readonly phoneNumberCountry?: string;
}

const WEEKDAYS = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'] as const;

/** Connect weekly hours from our business-hours spec (the same parser the Lambdas use). */
export const connectHoursConfig = (hours: BusinessHoursConfig): CfnHoursOfOperation.HoursOfOperationConfigProperty[] =>
  Object.entries(hours.weekly).flatMap(([day, interval]) =>
    interval
      ? [
          {
            day: WEEKDAYS[Number(day)] as string,
            startTime: { hours: Math.floor(interval.open / 60), minutes: interval.open % 60 },
            endTime: { hours: Math.floor(interval.close / 60) % 24, minutes: interval.close % 60 },
          },
        ]
      : [],
  );

/** Korean public holidays (official gazette list) on which the centre would otherwise open. */
export const holidayClosures = (years: readonly number[], hours: BusinessHoursConfig): { date: string; weekday: number; names: string }[] => {
  const out: { date: string; weekday: number; names: string }[] = [];
  for (const year of years) {
    for (let d = dateKeyToDate(`${year}-01-01`); toSeoul(d).year === year; d = addSeoulDays(d, 1)) {
      const p = toSeoul(d);
      const names = publicHolidayNames(p.dateKey);
      if (names && hours.weekly[p.weekday]) out.push({ date: p.dateKey, weekday: p.weekday, names: names.join(', ') });
    }
  }
  return out;
};

const SECURITY_PROFILES = {
  Agent: {
    description: '상담원: 고객 응대, 발신, 전환 대상 조회',
    permissions: ['BasicAgentAccess', 'OutboundCallAccess', 'TransferDestinations.View'],
  },
  Supervisor: {
    description: '관리자: 상담원 권한 + 실시간 지표, 상담 검색, 녹취 청취, 모니터링',
    permissions: ['BasicAgentAccess', 'OutboundCallAccess', 'TransferDestinations.View', 'AccessMetrics', 'ContactSearch.View', 'ListenCallRecordings', 'ManagerListenIn', 'Queues.View', 'RoutingPolicies.View', 'HoursOfOperation.View'],
  },
  Admin: {
    description: '운영 관리자: 큐, 라우팅, 운영 시간, 흐름, 사용자와 보안 프로필 관리',
    permissions: [
      'AccessMetrics', 'ContactSearch.View', 'ListenCallRecordings',
      'Queues.View', 'Queues.Edit', 'RoutingPolicies.View', 'RoutingPolicies.Edit', 'HoursOfOperation.View', 'HoursOfOperation.Edit',
      'ContactFlows.View', 'ContactFlows.Edit', 'Users.View', 'Users.Edit', 'SecurityProfiles.View', 'SecurityProfiles.Edit',
      'TransferDestinations.View', 'TransferDestinations.Edit',
    ],
  },
} as const;

/**
 * The Amazon Connect contact center: instance, encrypted recording/transcript storage, Seoul hours
 * with Korean public holidays closed, queues, a VIP-first routing profile, security profiles, the
 * ko_KR Lex bot, the four contact flows and the integrations that let them call our Lambdas.
 */
export class ContactCenterStack extends Stack {
  readonly instance: CfnInstance;
  readonly hours: CfnHoursOfOperation;
  readonly queues: Record<QueueKey, CfnQueue>;
  readonly flows: Record<string, ContactFlow>;
  readonly botAlias: CfnBotAlias;
  readonly storageBucket: Bucket;

  constructor(scope: Construct, id: string, props: ContactCenterStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const alias = props.instanceAlias ?? `seed-aicc-${stage.name}`;

    // --- Instance ---------------------------------------------------------------------------
    this.instance = new CfnInstance(this, 'Instance', {
      identityManagementType: 'CONNECT_MANAGED',
      instanceAlias: alias,
      attributes: {
        inboundCalls: true,
        outboundCalls: true,
        contactflowLogs: true,
        contactLens: true,
        autoResolveBestVoices: true,
        earlyMedia: true,
      },
    });
    const instanceArn = this.instance.attrArn;

    // --- Storage: call recordings and chat transcripts, encrypted with our key ----------------
    const storageKey = new Key(this, 'StorageKey', {
      description: 'Seed AICC: encrypts Connect call recordings and chat transcripts',
      enableKeyRotation: true,
      removalPolicy: stage.removalPolicy,
    });
    const accessLogs = new Bucket(this, 'StorageAccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      removalPolicy: stage.removalPolicy,
      autoDeleteObjects: false,
      lifecycleRules: [{ expiration: Duration.days(stage.name === 'prod' ? 365 : 30) }],
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket is the access-log target of the recordings bucket; logging it into itself would loop.',
    });
    this.storageBucket = new Bucket(this, 'StorageBucket', {
      encryption: BucketEncryption.KMS,
      encryptionKey: storageKey,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'recordings/',
      removalPolicy: stage.removalPolicy,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
    });
    const storage = (resourceType: 'CALL_RECORDINGS' | 'CHAT_TRANSCRIPTS', prefix: string) =>
      new CfnInstanceStorageConfig(this, resourceType === 'CALL_RECORDINGS' ? 'CallRecordingsStorage' : 'ChatTranscriptsStorage', {
        instanceArn,
        resourceType,
        storageType: 'S3',
        s3Config: {
          bucketName: this.storageBucket.bucketName,
          bucketPrefix: prefix,
          encryptionConfig: { encryptionType: 'KMS', keyId: storageKey.keyArn },
        },
      });
    storage('CALL_RECORDINGS', 'connect/call-recordings');
    storage('CHAT_TRANSCRIPTS', 'connect/chat-transcripts');

    // --- Hours: Asia/Seoul, Korean public holidays closed through overrides --------------------
    const businessHours = parseBusinessHours(props.businessHours ?? 'mon-fri 09:00-18:00');
    const thisYear = toSeoul(new Date()).year;
    const closures = holidayClosures(props.holidayYears ?? [thisYear, thisYear + 1], businessHours);
    this.hours = new CfnHoursOfOperation(this, 'BusinessHours', {
      instanceArn,
      name: 'AICC Business Hours',
      description: '상담 운영 시간 (Asia/Seoul). 공휴일은 관공서 공휴일 목록에 따라 휴무.',
      timeZone: 'Asia/Seoul',
      config: connectHoursConfig(businessHours),
      hoursOfOperationOverrides: closures.map((c) => ({
        overrideName: `공휴일 ${c.date}`,
        overrideDescription: `${c.names} 휴무`,
        overrideType: 'CLOSED',
        effectiveFrom: c.date,
        effectiveTill: c.date,
        overrideConfig: [{ day: WEEKDAYS[c.weekday] as string, startTime: { hours: 0, minutes: 0 }, endTime: { hours: 23, minutes: 59 } }],
      })),
    });

    // --- Optional phone number (costs money: off unless asked for) ----------------------------
    const phone = props.claimPhoneNumber
      ? new CfnPhoneNumber(this, 'PhoneNumber', {
          targetArn: instanceArn,
          countryCode: props.phoneNumberCountry ?? 'KR',
          type: 'DID',
          description: 'Seed AICC inbound number',
        })
      : undefined;

    // --- Queues ------------------------------------------------------------------------------
    this.queues = Object.fromEntries(
      QUEUE_KEYS.map((key) => {
        const def = QUEUES[key];
        const queue = new CfnQueue(this, `Queue${def.placeholder.replace(/^Queue|Arn$/g, '')}`, {
          instanceArn,
          name: def.name,
          description: def.description,
          hoursOfOperationArn: this.hours.attrHoursOfOperationArn,
          maxContacts: def.maxContacts,
          status: 'ENABLED',
          outboundCallerConfig: {
            outboundCallerIdName: '씨드 고객센터',
            ...(phone ? { outboundCallerIdNumberArn: phone.attrPhoneNumberArn } : {}),
          },
        });
        return [key, queue];
      }),
    ) as Record<QueueKey, CfnQueue>;

    // --- Routing: one profile, VIP first ------------------------------------------------------
    new CfnRoutingProfile(this, 'AgentRoutingProfile', {
      instanceArn,
      name: 'AICC Agents',
      description: 'VIP 큐 우선, 이어서 케어·결제·주문·기술, 마지막으로 일반·콜백',
      defaultOutboundQueueArn: this.queues.callback.attrQueueArn,
      mediaConcurrencies: [
        { channel: 'VOICE', concurrency: 1 },
        { channel: 'CHAT', concurrency: 3 },
      ],
      queueConfigs: QUEUE_KEYS.flatMap((key) =>
        (['VOICE', 'CHAT'] as const).map((channel) => ({
          priority: QUEUES[key].routingPriority,
          delay: 0,
          queueReference: { channel, queueArn: this.queues[key].attrQueueArn },
        })),
      ),
    });

    for (const [name, profile] of Object.entries(SECURITY_PROFILES)) {
      new CfnSecurityProfile(this, `${name}SecurityProfile`, {
        instanceArn,
        securityProfileName: `AICC-${name}`,
        description: profile.description,
        permissions: [...profile.permissions],
      });
    }

    // --- Lex V2 bot (ko_KR) generated from the intent example data ---------------------------
    const chatbot = props.functions.ChatbotHandlerArn;
    const intents = lexIntentsFrom(props.intentExamples);
    const botRole = new Role(this, 'LexBotRole', {
      assumedBy: new ServicePrincipal('lexv2.amazonaws.com'),
      description: 'Seed AICC Lex bot: speech synthesis for the Korean voice',
      inlinePolicies: {
        polly: new PolicyDocument({
          statements: [new PolicyStatement({ effect: Effect.ALLOW, actions: ['polly:SynthesizeSpeech'], resources: ['*'] })],
        }),
      },
    });
    Validations.of(botRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'polly:SynthesizeSpeech has no resource-level permissions (lexicons are optional); Lex needs it to speak with the Seoyeon voice.',
    });
    const fulfil = { fulfillmentCodeHook: { enabled: true } };
    const locale: CfnBot.BotLocaleProperty = {
      localeId: LEX_LOCALE,
      description: '한국어 음성 상담: 모든 의도는 chatbot-handler 코드 후크가 응답',
      nluConfidenceThreshold: 0.4,
      voiceSettings: { voiceId: KOREAN_VOICE, engine: 'neural' },
      intents: [
        ...intents.map((intent) => ({
          name: intent.name,
          description: `From intent-examples.json: ${intent.sourceName}`,
          sampleUtterances: intent.sampleUtterances.map((utterance) => ({ utterance })),
          ...fulfil,
        })),
        { name: 'FallbackIntent', description: '인식하지 못한 발화: chatbot-handler가 판단', parentIntentSignature: 'AMAZON.FallbackIntent', ...fulfil },
      ],
    };
    const codeHook = {
      localeId: LEX_LOCALE,
      botAliasLocaleSetting: {
        enabled: true,
        codeHookSpecification: { lambdaCodeHook: { codeHookInterfaceVersion: '1.0', lambdaArn: chatbot.functionArn } },
      },
    };
    const bot = new CfnBot(this, 'Bot', {
      name: `${stage.prefix}-Assistant`,
      description: 'Seed AICC voice assistant (ko_KR)',
      roleArn: botRole.roleArn,
      dataPrivacy: { ChildDirected: false },
      idleSessionTtlInSeconds: 300,
      autoBuildBotLocales: true,
      botLocales: [locale],
      testBotAliasSettings: { botAliasLocaleSettings: [codeHook] },
    });
    // A bot version is immutable: a new logical id per locale definition publishes a new version.
    const localeHash = createHash('sha256').update(JSON.stringify(locale)).digest('hex').slice(0, 10);
    const version = new CfnBotVersion(this, `BotVersion${localeHash}`, {
      botId: bot.attrId,
      description: `Locale definition ${localeHash}`,
      botVersionLocaleSpecification: [{ localeId: LEX_LOCALE, botVersionLocaleDetails: { sourceBotVersion: 'DRAFT' } }],
    });
    this.botAlias = new CfnBotAlias(this, 'BotAlias', {
      botId: bot.attrId,
      botAliasName: 'live',
      description: 'The alias Connect talks to',
      botVersion: version.attrBotVersion,
      botAliasLocaleSettings: [codeHook],
    });
    new CfnPermission(this, 'LexInvokesChatbot', {
      action: 'lambda:InvokeFunction',
      functionName: chatbot.functionArn,
      principal: 'lexv2.amazonaws.com',
      sourceArn: this.botAlias.attrArn,
    });
    new CfnPermission(this, 'LexTestAliasInvokesChatbot', {
      action: 'lambda:InvokeFunction',
      functionName: chatbot.functionArn,
      principal: 'lexv2.amazonaws.com',
      sourceArn: `arn:${this.partition}:lex:${this.region}:${this.account}:bot-alias/${bot.attrId}/TSTALIASID`,
    });

    // --- Integrations: Connect may call each Lambda and the bot alias -------------------------
    for (const [placeholder, fn] of Object.entries(props.functions)) {
      new CfnIntegrationAssociation(this, `${placeholder.replace(/Arn$/, '')}Integration`, {
        instanceId: instanceArn,
        integrationType: 'LAMBDA_FUNCTION',
        integrationArn: fn.functionArn,
      });
    }
    const lexIntegration = new CfnIntegrationAssociation(this, 'LexBotIntegration', {
      instanceId: instanceArn,
      integrationType: 'LEX_BOT',
      integrationArn: this.botAlias.attrArn,
    });

    // --- Contact flows (dependency order: referenced flows first) -----------------------------
    const placeholders: Record<string, string> = {
      HoursOfOperationArn: this.hours.attrHoursOfOperationArn,
      LexBotAliasArn: this.botAlias.attrArn,
      ...Object.fromEntries(Object.entries(props.functions).map(([p, fn]) => [p, fn.functionArn])),
      ...Object.fromEntries(QUEUE_KEYS.map((k) => [QUEUES[k].placeholder, this.queues[k].attrQueueArn])),
    };
    this.flows = {};
    for (const definition of FLOWS) {
      const flow = new ContactFlow(this, `Flow${definition.key.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase())}`, {
        instanceArn,
        definition,
        placeholders,
      });
      // Connect validates Lambda and Lex references at import: the integrations must exist first.
      flow.node.addDependency(lexIntegration);
      for (const child of this.node.children) if (child instanceof CfnIntegrationAssociation) flow.node.addDependency(child);
      this.flows[definition.key] = flow;
      if (definition.placeholder) placeholders[definition.placeholder] = flow.flowArn;
    }
    const inbound = this.flows['inbound-main'] as ContactFlow;

    if (phone) {
      const phoneNumberId = phone.attrPhoneNumberArn;
      const associate = new AwsCustomResource(this, 'PhoneNumberToInboundFlow', {
        installLatestAwsSdk: false,
        onUpdate: {
          service: 'Connect',
          action: 'associatePhoneNumberContactFlow',
          parameters: { InstanceId: this.instance.attrId, PhoneNumberId: phoneNumberId, ContactFlowId: inbound.flowArn },
          physicalResourceId: PhysicalResourceId.of(`${alias}-inbound-number`),
        },
        onDelete: {
          service: 'Connect',
          action: 'disassociatePhoneNumberContactFlow',
          parameters: { InstanceId: this.instance.attrId, PhoneNumberId: phoneNumberId },
        },
        policy: AwsCustomResourcePolicy.fromStatements([
          new PolicyStatement({
            actions: ['connect:AssociatePhoneNumberContactFlow', 'connect:DisassociatePhoneNumberContactFlow'],
            resources: [phone.attrPhoneNumberArn, inbound.flowArn, `${instanceArn}/*`],
          }),
        ]),
      });
      Validations.of(associate).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::<Instance.Arn>/*]',
        reason: 'Connect phone-number association authorizes against sub-resources of this one instance (instance/<id>/*); nothing broader is granted.',
      });
      new CfnOutput(this, 'InboundPhoneNumber', { value: phone.attrAddress, description: 'Inbound number routed to AICC Inbound Main' });
    }
    const provider = this.node.tryFindChild('AWS679f53fac002430cb0da5b7982bd2287');
    if (provider) {
      Validations.of(provider).acknowledge({ id: 'AwsSolutions-L1', reason: 'Runtime of the CDK-managed AwsCustomResource provider is chosen by aws-cdk-lib.' });
      Validations.of(provider).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'CDK-managed AwsCustomResource provider (CloudFormation cannot associate a phone number with a flow): the basic role only writes its own logs.',
      });
    }

    // --- What the callback dialer needs, without a cross-stack cycle ---------------------------
    const param = (name: string, value: string, description: string) =>
      new StringParameter(this, name.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()), {
        parameterName: `/aicc/${stage.name}/connect/${name}`,
        stringValue: value,
        description,
      });
    const callbackFlowArn = (this.flows['callback-outbound'] as ContactFlow).flowArn;
    param(CONNECT_PARAMETER_NAMES.instanceId, this.instance.attrId, 'Connect instance id (StartOutboundVoiceContact InstanceId)');
    param(CONNECT_PARAMETER_NAMES.flowArn, callbackFlowArn, 'Flow the callback dialer starts');
    param(CONNECT_PARAMETER_NAMES.queueArn, this.queues.callback.attrQueueArn, 'Queue of outbound callbacks');

    // The dialer (in the functions stack) may start outbound calls only with this flow and queue,
    // and hears the results of this instance's contacts.
    if (props.callbackDialer) {
      const policy = new Policy(this, 'CallbackDialerConnectAccess', {
        statements: [
          new PolicyStatement({
            effect: Effect.ALLOW,
            actions: ['connect:StartOutboundVoiceContact'],
            resources: [callbackFlowArn, this.queues.callback.attrQueueArn, `${this.instance.attrArn}/contact/*`],
          }),
        ],
      });
      policy.attachToRole(props.callbackDialer.role);
      Validations.of(policy).acknowledge({ id: 'AwsSolutions-IAM5[Resource::<Instance.Arn>/contact/*]', reason: CONTACT_WILDCARD_REASON });
      addContactEventsRule(this, 'CallbackContactEvents', props.callbackDialer.fn, this.instance.attrArn);
    }

    new CfnOutput(this, 'InstanceAlias', { value: alias });
    new CfnOutput(this, 'InstanceArn', { value: instanceArn });
    new CfnOutput(this, 'InboundFlowArn', { value: inbound.flowArn });
    new CfnOutput(this, 'BotAliasArn', { value: this.botAlias.attrArn });
    new CfnOutput(this, 'HolidayOverrides', { value: String(closures.length), description: 'Korean public holidays closed through hours-of-operation overrides' });
  }
}

