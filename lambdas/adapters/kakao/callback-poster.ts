import { remainingMs } from '@domain/deadline';
import type { CallbackPoster, CallbackResult, CallbackStatus } from '@domain/kakao/ports';
import type { SkillResponse } from '@domain/kakao/skill-response';

/**
 * POSTs the final SkillResponse to Kakao's one-time callback URL. Transient failures (network
 * error, timeout, 5xx, 429) are retried with backoff until the deadline; a refusal (expired or
 * reused token, other 4xx, FAIL/ERROR status) is final. Redirects are never followed.
 */
export interface HttpCallbackPosterOptions {
  /** Per attempt. Default 5000 ms. */
  readonly attemptTimeoutMs?: number;
  /** Waits between attempts. Default 250, 1000, 2000, 4000 then 4000. */
  readonly backoffMs?: readonly number[];
}

const TOKEN_REFUSAL = /token|expired|만료|invalid/i;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class HttpCallbackPoster implements CallbackPoster {
  readonly #attemptTimeoutMs: number;
  readonly #backoff: readonly number[];

  constructor(options: HttpCallbackPosterOptions = {}) {
    this.#attemptTimeoutMs = options.attemptTimeoutMs ?? 5000;
    this.#backoff = options.backoffMs ?? [250, 1000, 2000, 4000];
  }

  async post(url: URL, response: SkillResponse, deadline: Date): Promise<CallbackResult> {
    const body = JSON.stringify(response);
    let attempts = 0;
    let last: CallbackStatus = 'TIMEOUT';
    for (;;) {
      const left = remainingMs(deadline);
      if (left < 50) return { status: last, attempts };
      attempts++;
      const outcome = await this.#attempt(url, body, Math.min(this.#attemptTimeoutMs, left));
      if (outcome.final) return { status: outcome.status, attempts };
      last = outcome.status;
      const wait = this.#backoff[Math.min(attempts - 1, this.#backoff.length - 1)] ?? 1000;
      if (remainingMs(deadline) <= wait + 50) return { status: last, attempts };
      await sleep(wait);
    }
  }

  async #attempt(url: URL, body: string, timeoutMs: number): Promise<{ final: boolean; status: CallbackStatus }> {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = (await res.text()).slice(0, 2000);
      if (res.status >= 500 || res.status === 429) return { final: false, status: 'UNREACHABLE' };
      if (res.status >= 300) return { final: true, status: TOKEN_REFUSAL.test(text) ? 'EXPIRED' : 'REJECTED' };
      const status = parseStatus(text);
      if (status === undefined || status === 'SUCCESS') return { final: true, status: 'SENT' };
      return { final: true, status: TOKEN_REFUSAL.test(text) ? 'EXPIRED' : 'REJECTED' };
    } catch (error) {
      // DOMException is not always an `Error` of this realm: read the name structurally.
      const name = (error as { name?: unknown } | null)?.name;
      return { final: false, status: name === 'TimeoutError' || name === 'AbortError' ? 'TIMEOUT' : 'UNREACHABLE' };
    }
  }
}

/** Kakao answers `{taskId, status: SUCCESS|FAIL|ERROR, message, timestamp}`. */
const parseStatus = (text: string): string | undefined => {
  try {
    const json = JSON.parse(text) as { status?: unknown };
    return typeof json.status === 'string' ? json.status.toUpperCase() : undefined;
  } catch {
    return undefined;
  }
};
