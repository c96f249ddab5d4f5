/**
 * Default Bedrock model: a Claude Haiku inference profile (current Claude models are invoked through
 * profiles; a bare model id fails with "on-demand throughput isn't supported"). Kept in its own
 * module so CDK can read it without importing the SDK client.
 */
export const DEFAULT_BEDROCK_MODEL_ID = 'global.anthropic.claude-haiku-4-5-20251001-v1:0';
