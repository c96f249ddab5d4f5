import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from './app';

/**
 * X-Ray end to end: Lambda records each function's segments (active tracing) and runs the daemon
 * our in-house emitter (lambdas/platform/tracing.ts) sends subsegments to; the role must be allowed
 * to upload them, and the API stages in front start the trace.
 */
describe('tracing', () => {
  const template = Template.fromStack(buildApp('dev').stacks.services);
  const functions = Object.entries(template.findResources('AWS::Lambda::Function')).filter(([, fn]) =>
    String((fn.Properties as { FunctionName?: unknown }).FunctionName ?? '').startsWith('AiccDev-'),
  );
  const policies = Object.values(template.findResources('AWS::IAM::Policy'));

  it('runs every house function with active tracing and a role that may upload trace segments', () => {
    expect(functions.length).toBeGreaterThanOrEqual(8);
    for (const [id, fn] of functions) {
      const props = fn.Properties as { TracingConfig?: unknown; Role: { 'Fn::GetAtt': [string, string] } };
      expect({ id, tracing: props.TracingConfig }).toEqual({ id, tracing: { Mode: 'Active' } });
      const role = props.Role['Fn::GetAtt'][0];
      const statements = policies
        .filter((p) => JSON.stringify(p.Properties.Roles).includes(`"${role}"`))
        .flatMap((p) => (p.Properties.PolicyDocument as { Statement: { Action: string | string[]; Effect: string }[] }).Statement);
      const xray = statements.filter((s) => s.Effect === 'Allow').flatMap((s) => [s.Action].flat());
      expect({ id, xray: xray.filter((a) => a.startsWith('xray:')).sort() }).toEqual({ id, xray: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'] });
    }
  });

  it('traces every API Gateway stage', () => {
    const stages = Object.values(template.findResources('AWS::ApiGateway::Stage'));
    expect(stages.length).toBeGreaterThanOrEqual(2); // operations API and Kakao skill API
    for (const stage of stages) expect(stage.Properties.TracingEnabled).toBe(true);
  });
});
