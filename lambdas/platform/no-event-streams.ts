/**
 * Stands in for `@smithy/core/event-streams` in a bundle none of whose operations streams events
 * (everything we call: DynamoDB, SSM, SQS, Secrets Manager, Connect, Bedrock Converse, Lex
 * RecognizeText): the SDK's protocol code imports it on demand only for such operations, so this
 * never loads there. See `eventStreamsPlugin` in lib/bundling.ts; a bundle that calls ConverseStream
 * or StartConversation gets the real module.
 */
throw new Error('AWS SDK event streams are not bundled in this function: none of its operations streams events (lib/bundling.ts)');
