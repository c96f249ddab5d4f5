import { Tags, Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { StatefulStack } from './stateful-stack';
import { StatelessStack } from './stateless-stack';
import { resolveStage } from './stage';

export interface AiccStacks {
  readonly data: StatefulStack;
  readonly services: StatelessStack;
}

/**
 * All stacks of one stage. bin/aicc.ts calls this with the real App; the infra tests call it with
 * a test App, so what is tested is exactly what deploys.
 */
export const defineAiccStacks = (app: App): AiccStacks => {
  const stage = resolveStage(app.node.tryGetContext('stage'));
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? 'ap-northeast-2' };

  const data = new StatefulStack(app, `${stage.prefix}-Data`, { env, stage, description: 'Seed AICC data: tables and keys' });
  const services = new StatelessStack(app, `${stage.prefix}-Services`, { env, stage, data, description: 'Seed AICC functions and APIs' });

  Tags.of(app).add('project', 'seed-aicc');
  Tags.of(app).add('stage', stage.name);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { data, services };
};
