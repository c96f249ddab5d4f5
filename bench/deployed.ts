import { App, Stack } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { defineAiccStacks } from '../lib/aicc-app';
import { AiccFunction } from '../lib/constructs/aicc-function';

export interface DeployedFunction {
  /** `customer-validation`, `kakao-webhook-worker`... */
  readonly name: string;
  readonly entry: string;
  /** The environment CDK gives it, with CloudFormation references replaced by plausible values */
  readonly environment: Record<string, string>;
}

/** A value for an environment variable CloudFormation fills in at deploy time (table names, queue URLs, ARNs). */
const placeholder = (key: string): string => {
  if (key.endsWith('_URL')) return `https://sqs.ap-northeast-2.amazonaws.com/123456789012/bench-${key.toLowerCase()}`;
  if (key.endsWith('_ARN')) return `arn:aws:lambda:ap-northeast-2:123456789012:function:bench-${key.toLowerCase()}`;
  return `bench-${key.toLowerCase().replace(/_/g, '-')}`;
};

/**
 * Every function of the dev stage as `cdk deploy` would create it: the entry it is bundled from and
 * the environment it starts with (NLU engine, LLM, Connect parameter path...). Synthesized in memory
 * without bundling, so the bench measures the configuration that deploys rather than a guess.
 */
export const deployedFunctions = (): DeployedFunction[] => {
  const app = new App({ context: { stage: 'dev', 'aws:cdk:bundling-stacks': [] } });
  defineAiccStacks(app);
  return app.node
    .findAll()
    .filter((c): c is AiccFunction => c instanceof AiccFunction)
    .map((f) => {
      const cfn = f.fn.node.defaultChild as CfnFunction;
      const resolved = Stack.of(f).resolve(cfn.environment) as { variables?: Record<string, unknown> } | undefined;
      const environment = Object.fromEntries(
        Object.entries(resolved?.variables ?? {}).map(([key, value]) => [key, typeof value === 'string' ? value : placeholder(key)]),
      );
      return { name: f.name, entry: f.entry, environment };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
};
