import { remainingMs } from '@domain/deadline';
import { DependencyError } from '@domain/errors';
import type { ChatRequest, LanguageModel } from '@domain/llm/language-model';

/**
 * Upstage Solar through its OpenAI-compatible chat completions API
 * (`POST {baseUrl}/chat/completions`, bearer `UPSTAGE_API_KEY`). A throttled or failing attempt is
 * retried once if the deadline allows; nothing outlives the deadline.
 */
export interface UpstageOptions {
  readonly apiKey: string;
  readonly model: string;
  /** Default https://api.upstage.ai/v1 */
  readonly baseUrl?: string;
  readonly maxAttempts?: number;
}

interface ChatCompletion {
  choices?: { message?: { content?: unknown } }[];
}

export class UpstageLanguageModel implements LanguageModel {
  readonly name = 'upstage';
  readonly #endpoint: string;

  constructor(private readonly options: UpstageOptions) {
    this.#endpoint = `${(options.baseUrl ?? 'https://api.upstage.ai/v1').replace(/\/+$/, '')}/chat/completions`;
  }

  async complete(request: ChatRequest): Promise<string> {
    const body = JSON.stringify({
      model: this.options.model,
      messages: [{ role: 'system', content: request.system }, ...request.messages.map((m) => ({ role: m.role, content: m.content }))],
      max_tokens: request.maxTokens,
      temperature: request.temperature,
      stream: false,
    });
    const attempts = this.options.maxAttempts ?? 2;
    let lastProblem = 'no attempt';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const left = remainingMs(request.deadline);
      if (left <= 50) break;
      let res: Response;
      try {
        res = await fetch(this.#endpoint, {
          method: 'POST',
          headers: { authorization: `Bearer ${this.options.apiKey}`, 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(left),
        });
      } catch (error) {
        lastProblem = String((error as { name?: unknown } | null)?.name ?? 'network error');
        continue;
      }
      if (res.status === 429 || res.status >= 500) {
        lastProblem = `HTTP ${res.status}`;
        await res.body?.cancel();
        if (attempt < attempts && remainingMs(request.deadline) > 400) await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      if (!res.ok) {
        await res.body?.cancel();
        throw new DependencyError('upstage', `HTTP ${res.status}`);
      }
      let json: ChatCompletion;
      try {
        json = (await res.json()) as ChatCompletion;
      } catch {
        throw new DependencyError('upstage', 'answer is not JSON');
      }
      const content = json.choices?.[0]?.message?.content;
      if (typeof content !== 'string' || content.trim() === '') throw new DependencyError('upstage', 'no message content');
      return content;
    }
    throw new DependencyError('upstage', lastProblem);
  }
}
