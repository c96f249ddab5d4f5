import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildApp } from './app';

/**
 * Security hardening across every synthesized stack, in both stages: customer-managed KMS keys on
 * every queue, topic and bucket (S3 server access-log targets excepted: S3 delivers access logs only
 * to SSE-S3 buckets), no wildcard in any IAM action, and cdk-nag AwsSolutions clean.
 */
type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

const STAGES = ['dev', 'prod'] as const;

const templates = (stage: (typeof STAGES)[number]) => {
  const { app } = buildApp(stage);
  app.synth();
  return app.node
    .findAll()
    .filter((c): c is Stack => Stack.isStack(c))
    .map((stack) => ({ name: stack.stackName, resources: (Template.fromStack(stack).toJSON() as { Resources?: Resources }).Resources ?? {} }));
};

const statementsOf = (type: string, props: Record<string, unknown> = {}): { Action?: unknown; NotAction?: unknown }[] => {
  const docs: unknown[] =
    type === 'AWS::IAM::Role'
      ? ((props.Policies as { PolicyDocument: unknown }[] | undefined) ?? []).map((p) => p.PolicyDocument)
      : [props.PolicyDocument];
  return docs.flatMap((d) => ((d as { Statement?: unknown[] } | undefined)?.Statement ?? []) as { Action?: unknown; NotAction?: unknown }[]);
};

describe.each(STAGES)('security hardening (%s)', (stage) => {
  const stacks = templates(stage);

  it('synthesizes more than one stack (the checks below look at all of them)', () => {
    expect(stacks.length).toBeGreaterThanOrEqual(2);
  });

  it('grants no IAM action with a wildcard, in any policy of any stack', () => {
    const wildcards: string[] = [];
    for (const { name, resources } of stacks) {
      for (const [id, r] of Object.entries(resources)) {
        if (!['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::Role'].includes(r.Type)) continue;
        for (const statement of statementsOf(r.Type, r.Properties)) {
          if (statement.NotAction !== undefined) wildcards.push(`${name}/${id}: NotAction`);
          const actions = ([] as unknown[]).concat(statement.Action ?? []);
          for (const action of actions) if (typeof action !== 'string' || action.includes('*')) wildcards.push(`${name}/${id}: ${JSON.stringify(action)}`);
        }
      }
    }
    expect(wildcards).toEqual([]);
  });

  it('encrypts every SQS queue and SNS topic with a customer-managed KMS key', () => {
    const unencrypted: string[] = [];
    for (const { name, resources } of stacks) {
      for (const [id, r] of Object.entries(resources)) {
        if (r.Type !== 'AWS::SQS::Queue' && r.Type !== 'AWS::SNS::Topic') continue;
        const key = r.Properties?.KmsMasterKeyId;
        if (key === undefined || (typeof key === 'string' && key.startsWith('alias/aws/'))) unencrypted.push(`${name}/${id} (${r.Type})`);
      }
    }
    expect(unencrypted).toEqual([]);
  });

  it('encrypts every bucket with a customer-managed KMS key, except S3 access-log targets (SSE-S3 only)', () => {
    const problems: string[] = [];
    const logTargets = new Set<string>();
    for (const { resources } of stacks) {
      for (const r of Object.values(resources)) {
        const target = (r.Properties?.LoggingConfiguration as { DestinationBucketName?: { Ref?: string } } | undefined)?.DestinationBucketName?.Ref;
        if (r.Type === 'AWS::S3::Bucket' && target) logTargets.add(target);
      }
    }
    for (const { name, resources } of stacks) {
      for (const [id, r] of Object.entries(resources)) {
        if (r.Type !== 'AWS::S3::Bucket') continue;
        const rule = (r.Properties?.BucketEncryption as { ServerSideEncryptionConfiguration?: { ServerSideEncryptionByDefault?: { SSEAlgorithm?: string; KMSMasterKeyID?: unknown } }[] } | undefined)
          ?.ServerSideEncryptionConfiguration?.[0]?.ServerSideEncryptionByDefault;
        if (logTargets.has(id)) {
          if (rule?.SSEAlgorithm !== 'AES256') problems.push(`${name}/${id}: access-log target must be SSE-S3`);
        } else if (rule?.SSEAlgorithm !== 'aws:kms' || rule.KMSMasterKeyID === undefined) {
          problems.push(`${name}/${id}: ${JSON.stringify(rule ?? null)}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('is cdk-nag AwsSolutions clean', () => {
    const { app } = buildApp(stage);
    app.synth();
    expect(new AwsSolutionsChecks(app).validateScope(app).violations).toEqual([]);
  });
});
