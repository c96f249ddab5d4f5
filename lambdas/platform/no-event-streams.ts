/**
 * Stands in for `@smithy/core/event-streams` in a bundle none of whose AWS SDK clients has an
 * event-stream operation (DynamoDB, SSM, SQS, Secrets Manager, Connect): the SDK's protocol code
 * imports it on demand only for such operations, so this never loads there. See
 * `eventStreamsPlugin` in lib/bundling.ts; bundles with Bedrock or Lex get the real module.
 */
throw new Error('AWS SDK event streams are not bundled in this function: none of its clients has an event-stream operation (lib/bundling.ts)');
