/**
 * Port for a chat language model (Bedrock Converse, Upstage Solar...). The domain builds the
 * prompt; adapters only speak their API. `deadline` is absolute: an adapter that cannot answer
 * by then aborts and throws, and the caller answers its deterministic fallback.
 */
export interface ChatMessage {
  readonly role: 'user' | 'assistant';
  readonly content: string;
}

export interface ChatRequest {
  readonly system: string;
  readonly messages: readonly ChatMessage[];
  readonly maxTokens: number;
  readonly temperature: number;
  readonly deadline: Date;
}

export interface LanguageModel {
  /** Short name for logs and metrics ("bedrock", "upstage"). */
  readonly name: string;
  complete(request: ChatRequest): Promise<string>;
}
