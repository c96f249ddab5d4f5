import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineAiccStacks } from '../../lib/aicc-app';
import { buildApp } from './app';

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

const statementsOf = (template: Template, roleLogicalIdPrefix: string): Statement[] =>
  Object.entries(template.findResources('AWS::IAM::Policy'))
    .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(roleLogicalIdPrefix))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);

const actionsOf = (statements: Statement[]) => statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));

describe('callbacks infrastructure', () => {
  const { stacks } = buildApp('dev');
  const services = Template.fromStack(stacks.services);
  const data = Template.fromStack(stacks.data);
  if (!stacks.contactCenter) throw new Error('the contact-center stack is expected in the app');
  const contactCenter = Template.fromStack(stacks.contactCenter);

  it('defines the callbacks table with its status+due and day indexes and the TTL attribute', () => {
    data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      GlobalSecondaryIndexes: Match.arrayWith([
        Match.objectLike({ IndexName: 'byStatusDue', KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }, { AttributeName: 'dueAt', KeyType: 'RANGE' }] }),
        Match.objectLike({ IndexName: 'byDay', KeySchema: [{ AttributeName: 'scheduledDay', KeyType: 'HASH' }, { AttributeName: 'scheduledAt', KeyType: 'RANGE' }] }),
      ]),
    });
  });

  it('deploys the flow function and the dispatcher under the logical ids of events/env.json', () => {
    const fns = services.findResources('AWS::Lambda::Function');
    expect(fns.CallbackSchedulerFunction?.Properties).toMatchObject({
      Timeout: 5,
      Runtime: 'nodejs22.x',
      Environment: { Variables: expect.objectContaining({ CALLBACKS_TABLE: expect.anything(), BUSINESS_HOURS: 'mon-fri 09:00-18:00' }) },
    });
    expect(fns.CallbackDispatcherFunction?.Properties).toMatchObject({
      Timeout: 60,
      Environment: {
        Variables: expect.objectContaining({
          CALLBACK_DIALER: 'connect',
          // The real ids come from the parameters the contact-center stack publishes.
          CONNECT_PARAMETERS_PATH: '/aicc/dev/connect',
        }),
      },
    });
    expect(fns.CallbackDispatcherFunction?.Properties.Environment.Variables.CONNECT_INSTANCE_ID).toBeUndefined();
    for (const name of ['instance-id', 'callback-flow-arn', 'callback-queue-arn']) {
      contactCenter.hasResourceProperties('AWS::SSM::Parameter', { Name: `/aicc/dev/connect/${name}` });
    }
  });

  it('runs the dispatcher every minute and sends it the contact events of this instance', () => {
    services.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': ['CallbackDispatcherFunction', 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 } })],
    });
    // The contact events of the instance this app creates, routed by the stack that owns the instance.
    contactCenter.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.connect'],
        'detail-type': ['Amazon Connect Contact Event'],
        detail: { eventType: ['CONNECTED_TO_AGENT', 'DISCONNECTED'], instanceArn: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Instance'), 'Arn'] }] },
      },
      Targets: [Match.objectLike({ Arn: Match.objectLike({ 'Fn::ImportValue': Match.stringLikeRegexp('CallbackDispatcherFunction') }) })],
    });
    services.resourcePropertiesCountIs('AWS::Lambda::Permission', { Principal: 'events.amazonaws.com' }, 1);
    contactCenter.resourcePropertiesCountIs('AWS::Lambda::Permission', { Principal: 'events.amazonaws.com' }, 1);
  });

  it('lets only the dispatcher start outbound calls, on this instance’s callback flow and queue', () => {
    const dispatcher = statementsOf(services, 'CallbacksDispatcherRole');
    // In the functions stack the dispatcher may only read its three parameters...
    const ssm = dispatcher.filter((s) => actionsOf([s]).some((a) => a.startsWith('ssm:')));
    expect(actionsOf(ssm)).toEqual(['ssm:GetParameters']);
    expect(JSON.stringify(ssm[0]?.Resource)).toMatch(/parameter\/aicc\/dev\/connect\/instance-id.*callback-flow-arn.*callback-queue-arn/);
    expect(actionsOf(dispatcher).filter((a) => a.startsWith('connect:'))).toEqual([]);
    // ...and the contact-center stack lets it dial with exactly the callback flow and queue it created.
    const dial = Object.values(contactCenter.findResources('AWS::IAM::Policy')).filter((p) => JSON.stringify(p.Properties.PolicyDocument).includes('StartOutboundVoiceContact'));
    expect(dial).toHaveLength(1);
    expect(JSON.stringify(dial[0]?.Properties.Roles)).toContain('CallbacksDispatcherRole');
    const [statement] = dial[0]?.Properties.PolicyDocument.Statement as Statement[];
    expect(statement?.Action).toBe('connect:StartOutboundVoiceContact');
    expect(statement?.Resource).toEqual([
      { 'Fn::GetAtt': [expect.stringMatching(/^FlowCallbackOutbound/), 'ContactFlowArn'] },
      { 'Fn::GetAtt': ['QueueCallback', 'QueueArn'] },
      { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Instance', 'Arn'] }, '/contact/*']] },
    ]);

    const flow = statementsOf(services, 'CallbacksFlowRole');
    expect(actionsOf(flow).filter((a) => a.startsWith('connect:'))).toEqual([]);
    expect(actionsOf([...flow, ...dispatcher])).not.toContain('dynamodb:DeleteItem');
    expect(actionsOf([...flow, ...dispatcher]).filter((a) => a.includes('*'))).toEqual([]);
    expect(JSON.stringify(flow)).toContain('/index/byStatusDue');
  });

  it('alarms on the callback failure rate from the booked-attempt metrics', () => {
    services.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'AiccDev-callback-failure-rate',
      Threshold: 0.3,
      ComparisonOperator: 'GreaterThanThreshold',
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: Match.stringLikeRegexp('\\(fd \\+ ff\\) / \\(fd \\+ ff \\+ cd \\+ cf\\)') }),
        Match.objectLike({ Id: 'fd', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'CallbackFailed', Namespace: 'SeedAICC' }) }) }),
        Match.objectLike({ Id: 'cd', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'CallbackConnected' }) }) }),
      ]),
    });
  });

  it('takes the real Connect ids from context once the Connect stack provides them', () => {
    const app = new App({
      outdir: mkdtempSync(join(tmpdir(), 'aicc-cdk-')),
      context: { stage: 'dev', connectInstanceId: 'abcdabcd-1111-2222-3333-444455556666', outboundCallbackFlowId: 'flow-42', callbackQueueId: 'queue-7' },
    });
    const template = Template.fromStack(defineAiccStacks(app).services);
    const fn = template.findResources('AWS::Lambda::Function').CallbackDispatcherFunction;
    expect(fn?.Properties.Environment.Variables).toMatchObject({ CONNECT_INSTANCE_ID: 'abcdabcd-1111-2222-3333-444455556666', OUTBOUND_CONTACT_FLOW_ID: 'flow-42', CALLBACK_QUEUE_ID: 'queue-7' });
    expect(JSON.stringify(template.findResources('AWS::IAM::Policy'))).toContain('instance/abcdabcd-1111-2222-3333-444455556666/contact-flow/flow-42');
    expect(fn?.Properties.Environment.Variables.CONNECT_PARAMETERS_PATH).toBeUndefined();
  });
});
