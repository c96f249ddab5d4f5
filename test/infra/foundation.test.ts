import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { TABLE_KEYS, TABLES } from '../../lib/tables';
import { buildApp } from './app';

const ROOT = join(__dirname, '..', '..');

describe('stateful stack', () => {
  const { stacks } = buildApp('dev');
  const template = Template.fromStack(stacks.data);

  it('creates every table of lib/tables.ts, encrypted with the customer-managed key, with PITR', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', TABLE_KEYS.length);
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    for (const key of TABLE_KEYS) {
      const def = TABLES[key];
      template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        KeySchema: Match.arrayWith([{ AttributeName: def.partitionKey.name, KeyType: 'HASH' }]),
        SSESpecification: Match.objectLike({ SSEEnabled: true, SSEType: 'KMS' }),
        BillingMode: 'PAY_PER_REQUEST',
        Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
        ...(def.indexes.length > 0
          ? { GlobalSecondaryIndexes: def.indexes.map((i) => Match.objectLike({ IndexName: i.indexName })) }
          : {}),
      });
    }
  });

  it('looks customers up by phone through the byPhone index', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'byPhone', KeySchema: [{ AttributeName: 'phoneE164', KeyType: 'HASH' }] })],
    });
  });

  it('disposes of dev data but retains prod data behind deletion protection', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Delete' });
    const prod = Template.fromStack(buildApp('prod').stacks.data);
    prod.allResources('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    prod.hasResourceProperties('AWS::DynamoDB::GlobalTable', { Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })] });
  });
});

describe('stateless stack: the house function construct', () => {
  const { stacks } = buildApp('dev');
  const template = Template.fromStack(stacks.services);

  it('runs customer-validation on nodejs22.x arm64 with tracing, explicit timeout and memory, under a stable logical id', () => {
    const fn = template.findResources('AWS::Lambda::Function').CustomerValidationFunction;
    expect(fn?.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Timeout: 5,
      MemorySize: 512,
      Environment: { Variables: expect.objectContaining({ CUSTOMERS_TABLE: expect.anything(), STAGE: 'dev' }) },
    });
    // Source maps are decoded when a stack is printed (lambdas/platform/stack-traces.ts), not by Node at every cold start.
    expect(fn?.Properties.Environment.Variables.NODE_OPTIONS).toBeUndefined();
  });

  it('gives each function its own log group with retention', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: 'AiccDev-customer-validation'.replace(/^/, '/aws/lambda/'), RetentionInDays: 30 });
  });

  it('grants only the DynamoDB actions the function uses, on its table and named index, and no managed policy', () => {
    // customer-validation's own role (other functions in the stack have their own grants and tests).
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) => JSON.stringify(p.Properties.Roles).includes('CustomerValidation'));
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
    const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:UpdateItem', 'kms:Decrypt']));
    expect(actions).not.toEqual(expect.arrayContaining(['dynamodb:DeleteItem']));
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    const dynamo = statements.find((s) => JSON.stringify(s.Action).includes('dynamodb:Query'));
    expect(JSON.stringify(dynamo?.Resource)).toContain('/index/byPhone');
    expect(JSON.stringify(dynamo?.Resource)).not.toContain('/index/*');
    const roles = Object.values(template.findResources('AWS::IAM::Role'));
    expect(roles.every((r) => r.Properties.ManagedPolicyArns === undefined)).toBe(true);
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged in any stack, and every acknowledgment carries a reason', () => {
    const { app } = buildApp('prod');
    expect(() => app.synth()).not.toThrow();
    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(report.violations).toEqual([]);
    const acknowledged = app.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules').map((m) => m.data as unknown));
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(JSON.stringify(acknowledged)).not.toMatch(/"reason":"\s*"/);
  });

  it('fails synthesis when a resource breaks a rule (the check is live)', () => {
    const { app } = buildApp('dev');
    new Bucket(new Stack(app, 'Careless'), 'OpenBucket');
    expect(() => app.synth()).toThrow(/AwsSolutions-S10/);
  });
});

describe('npx cdk synth', () => {
  it('synthesizes both stacks offline with the pinned CLI', () => {
    const out = mkdtempSync(join(tmpdir(), 'aicc-synth-'));
    const run = spawnSync('npx', ['cdk', 'synth', '--quiet', '--output', out], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
    expect(run.stderr).not.toMatch(/Cloud assembly schema version mismatch/);
    expect(run.status).toBe(0);
    expect(existsSync(join(out, 'AiccDev-Services.template.json'))).toBe(true);
    const services = JSON.parse(readFileSync(join(out, 'AiccDev-Services.template.json'), 'utf8'));
    // `sam local invoke -t cdk.out/AiccDev-Services.template.json CustomerValidationFunction` relies on this id.
    expect(services.Resources.CustomerValidationFunction.Type).toBe('AWS::Lambda::Function');
    // Every function is deployed from its own bundle (lib/bundling.ts), with its source map.
    const functions = Object.values(services.Resources as Record<string, { Type: string; Metadata?: Record<string, string> }>).filter(
      (r) => r.Type === 'AWS::Lambda::Function' && r.Metadata?.['aws:asset:path'],
    );
    const assets = functions.map((f) => join(out, f.Metadata?.['aws:asset:path'] ?? ''));
    expect(functions.length).toBeGreaterThanOrEqual(7);
    expect(new Set(assets).size).toBe(assets.length);
    for (const asset of assets) {
      expect(existsSync(join(asset, 'index.js'))).toBe(true);
      expect(existsSync(join(asset, 'index.js.map'))).toBe(true);
    }
  });
});
