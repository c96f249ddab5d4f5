import { Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { DEFAULT_BEDROCK_MODEL_ID } from '../lambdas/adapters/bedrock/model-id';
import { AiccFunction } from './constructs/aicc-function';
import type { StatefulStack } from './stateful-stack';
import type { StageConfig } from './stage';

export interface StatelessStackProps extends StackProps {
  readonly stage: StageConfig;
  readonly data: StatefulStack;
}

/**
 * Functions and APIs: everything here can be destroyed and redeployed without touching data.
 * Connect calls these functions through integration associations in the contact-center stack.
 */
export class StatelessStack extends Stack {
  readonly customerValidation: AiccFunction;
  readonly chatbotHandler: AiccFunction;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { stage, data } = props;

    // Connect allows 8 s per Lambda; this one answers in well under a second or falls back.
    this.customerValidation = new AiccFunction(this, 'CustomerValidation', {
      name: 'customer-validation',
      description: 'Identifies the caller by number and verifies an optional DTMF PIN (Connect inbound flow)',
      logicalId: 'CustomerValidationFunction',
      timeout: Duration.seconds(5),
      memorySize: 512,
      stage,
    }).bindTable(data.tables.customers, ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:UpdateItem'], data.dataKey);

    // The brain of the phone/chat channel and the Lex code hook. It answers within 7 s by itself
    // (Connect waits at most 8 s); the Lambda timeout sits above that so the polite fallback is sent.
    const bedrockModelId = String(this.node.tryGetContext('bedrockModelId') ?? DEFAULT_BEDROCK_MODEL_ID);
    this.chatbotHandler = new AiccFunction(this, 'ChatbotHandler', {
      name: 'chatbot-handler',
      description: 'Understands Korean customer messages, answers FAQs, runs guided scenarios and decides escalation (Connect flows, Lex code hook)',
      logicalId: 'ChatbotHandlerFunction',
      timeout: Duration.seconds(9),
      memorySize: 1024,
      stage,
      environment: { NLU_ENGINE: 'bedrock', BEDROCK_MODEL_ID: bedrockModelId, CONVERSATION_RETENTION_DAYS: '90' },
    })
      // Turn log and session: read the latest turn (Query), append the next one (conditional Put).
      .bindTable(data.tables.conversations, ['dynamodb:Query', 'dynamodb:PutItem'], data.dataKey)
      // FAQ: read through the sparse `active` index only.
      .bindTable(data.tables.faq, ['dynamodb:Query'], data.dataKey);
    this.chatbotHandler.role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['bedrock:InvokeModel'],
        resources: bedrockResources(bedrockModelId, this.region, this.account),
      }),
    );
    Validations.of(this.chatbotHandler.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:aws:bedrock:*::foundation-model/<base>]'.replace('<base>', baseModelId(bedrockModelId)),
      reason: 'A cross-region inference profile may serve the request from any region of its geography: Bedrock requires the foundation model to be allowed in every region (region wildcard only, one model).',
    });
  }
}

/** `global.anthropic.claude-haiku-4-5-20251001-v1:0` → `anthropic.claude-haiku-4-5-20251001-v1:0` */
export const baseModelId = (modelId: string): string => modelId.replace(/^(global|us|eu|apac|jp|au|ca|us-gov)\./, '');

/**
 * What a Converse call through an inference profile needs: the profile itself, and the foundation
 * model in the regions the profile may route to (a global profile also checks the region-less ARN).
 */
export const bedrockResources = (modelId: string, region: string, account: string): string[] => {
  const base = baseModelId(modelId);
  if (base === modelId) return [`arn:aws:bedrock:${region}::foundation-model/${base}`];
  return [
    `arn:aws:bedrock:${region}:${account}:inference-profile/${modelId}`,
    `arn:aws:bedrock:*::foundation-model/${base}`,
    `arn:aws:bedrock:::foundation-model/${base}`,
  ];
};
