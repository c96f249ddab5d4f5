import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { remainingMs, withDeadline } from '@domain/deadline';
import { DependencyError } from '@domain/errors';
import type { ChatRequest, LanguageModel } from '@domain/llm/language-model';
import { timedHttpHandler } from '../../platform/http-handler';
import { traceClient } from '../../platform/tracing';

/** Bedrock client for a latency path: explicit request timeout and a single retry, never the SDK defaults. */
export const createBedrockClient = (options: { region?: string; requestTimeoutMs?: number; maxAttempts?: number } = {}) =>
  traceClient(new BedrockRuntimeClient({
    region: options.region ?? process.env.BEDROCK_REGION ?? process.env.AWS_REGION ?? 'ap-northeast-2',
    maxAttempts: options.maxAttempts ?? 2,
    requestHandler: timedHttpHandler({ requestTimeoutMs: options.requestTimeoutMs ?? 20_000, connectionTimeoutMs: 1000 }),
  }));

/**
 * Bedrock Converse. The model id (an inference profile such as
 * `global.anthropic.claude-haiku-4-5-20251001-v1:0`) comes from configuration; only `temperature`
 * is sent (newer Claude models reject temperature together with topP).
 */
export class BedrockLanguageModel implements LanguageModel {
  readonly name = 'bedrock';

  constructor(
    private readonly client: BedrockRuntimeClient,
    private readonly modelId: string,
  ) {}

  async complete(request: ChatRequest): Promise<string> {
    const left = remainingMs(request.deadline);
    if (left <= 0) throw new DependencyError('bedrock', 'no time left');
    const command = new ConverseCommand({
      modelId: this.modelId,
      system: [{ text: request.system }],
      messages: request.messages.map((m) => ({ role: m.role, content: [{ text: m.content }] })),
      inferenceConfig: { maxTokens: request.maxTokens, temperature: request.temperature },
    });
    let out;
    try {
      out = await withDeadline(this.client.send(command, { abortSignal: AbortSignal.timeout(left) }), request.deadline, 'bedrock');
    } catch (error) {
      if (error instanceof DependencyError) throw error;
      throw new DependencyError('bedrock', error instanceof Error ? error.name : 'converse failed', { cause: error });
    }
    const text = (out.output?.message?.content ?? [])
      .map((block) => ('text' in block && typeof block.text === 'string' ? block.text : ''))
      .join('')
      .trim();
    if (!text) throw new DependencyError('bedrock', `no text in the answer (stopReason ${out.stopReason ?? 'unknown'})`);
    return text;
  }
}
