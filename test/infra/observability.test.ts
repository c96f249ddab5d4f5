import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildApp } from './app';

describe('observability', () => {
  const template = Template.fromStack(buildApp('dev').stacks.services);

  it('sends alarms to an encrypted topic that refuses plain HTTP', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('alarms on customer-validation errors and on p99 over the 6 s Connect budget', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'AiccDev-CustomerValidationErrors', MetricName: 'Errors', Threshold: 3 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'AiccDev-CustomerValidationLatencyBudget',
      MetricName: 'Duration',
      ExtendedStatistic: 'p99',
      Threshold: 6000,
      AlarmActions: [Match.anyValue()],
    });
  });

  it('has one contact-center dashboard', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'AiccDev-contact-center' });
  });
});
