import { Tags, Validations, type App } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { FlowLambdaPlaceholder } from './connect-resources';
import { ContactCenterStack } from './contact-center-stack';
import { readIntentExamples } from './lex-bot';
import { StatefulStack } from './stateful-stack';
import { StatelessStack } from './stateless-stack';
import { resolveStage } from './stage';

export interface AiccStacks {
  readonly data: StatefulStack;
  readonly services: StatelessStack;
  /** Present once the services stack has every function the flows call and the intent data exists */
  readonly contactCenter?: ContactCenterStack;
}

/**
 * The functions the contact flows call, when the services stack has them all (chatbot-handler and
 * callback-scheduler arrive with their own issues; until then the contact center is not synthesized).
 */
const flowFunctions = (services: StatelessStack): Record<FlowLambdaPlaceholder, IFunction> | undefined => {
  const s = services as unknown as Partial<Record<'customerValidation' | 'chatbotHandler' | 'callbackScheduler', { fn: IFunction }>>;
  if (!s.customerValidation || !s.chatbotHandler || !s.callbackScheduler) return undefined;
  return { CustomerValidationArn: s.customerValidation.fn, ChatbotHandlerArn: s.chatbotHandler.fn, CallbackSchedulerArn: s.callbackScheduler.fn };
};

/**
 * All stacks of one stage. bin/aicc.ts calls this with the real App; the infra tests call it with
 * a test App, so what is tested is exactly what deploys.
 */
export const defineAiccStacks = (app: App): AiccStacks => {
  const stage = resolveStage(app.node.tryGetContext('stage'));
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? 'ap-northeast-2' };

  const data = new StatefulStack(app, `${stage.prefix}-Data`, { env, stage, description: 'Seed AICC data: tables and keys' });
  const services = new StatelessStack(app, `${stage.prefix}-Services`, { env, stage, data, description: 'Seed AICC functions and APIs' });

  const functions = flowFunctions(services);
  const intentExamples = readIntentExamples();
  const context = (key: string): string | undefined => {
    const v: unknown = app.node.tryGetContext(key);
    return v === undefined || v === null ? undefined : String(v);
  };
  const contactCenter =
    functions && intentExamples
      ? new ContactCenterStack(app, `${stage.prefix}-ContactCenter`, {
          env,
          stage,
          functions,
          intentExamples,
          // With Connect ids in context the dispatcher already has its grant; otherwise this stack gives it.
          ...(services.callbacks.contactEventsRule ? {} : { callbackDialer: { role: services.callbacks.dispatcher.role, fn: services.callbacks.dispatcher.fn } }),
          description: 'Seed AICC Amazon Connect: instance, hours, queues, routing, Lex bot and contact flows',
          instanceAlias: context('connectInstanceAlias'),
          businessHours: context('businessHours'),
          claimPhoneNumber: context('claimPhoneNumber') === 'true',
          phoneNumberCountry: context('phoneNumberCountry'),
        })
      : undefined;

  Tags.of(app).add('project', 'seed-aicc');
  Tags.of(app).add('stage', stage.name);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { data, services, ...(contactCenter ? { contactCenter } : {}) };
};
