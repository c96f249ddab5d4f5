import { randomBytes } from 'node:crypto';

/**
 * Stands in for Kakao's one-time callback endpoint in the local runtime, so the console sees the
 * late answer of a slow reply. Same rules as Kakao: a token is issued per request, accepts one POST,
 * and expires after the callback window. The console long-polls for what arrived.
 *
 * The kakao-webhook Lambda still only calls `https://*.kakao.com`; it reaches this sink only because
 * the local runtime switches on its loopback override (KAKAO_CALLBACK_TEST_LOOPBACK, honoured for
 * STAGE=local/test and only for http://127.0.0.1:<port>).
 */
export interface SinkOptions {
  /** How long a token accepts its callback (Kakao: 1 minute) */
  readonly windowMs?: number;
  /** Tokens outstanding at once (older ones are dropped first) */
  readonly maxTokens?: number;
}

interface Slot {
  readonly expiresAt: number;
  body?: unknown;
  readonly waiters: ((body: unknown) => void)[];
}

export type DeliverResult = 'ACCEPTED' | 'UNKNOWN_TOKEN' | 'ALREADY_USED' | 'EXPIRED';

export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

export class KakaoCallbackSink {
  readonly #slots = new Map<string, Slot>();
  readonly #windowMs: number;
  readonly #maxTokens: number;

  constructor(options: SinkOptions = {}) {
    this.#windowMs = options.windowMs ?? 60_000;
    this.#maxTokens = options.maxTokens ?? 500;
  }

  issue(now = Date.now()): string {
    this.#sweep(now);
    while (this.#slots.size >= this.#maxTokens) {
      const oldest = this.#slots.keys().next().value as string;
      this.#release(oldest);
    }
    const token = randomBytes(18).toString('base64url');
    this.#slots.set(token, { expiresAt: now + this.#windowMs, waiters: [] });
    return token;
  }

  deliver(token: string, body: unknown, now = Date.now()): DeliverResult {
    const slot = this.#slots.get(token);
    if (!slot) return 'UNKNOWN_TOKEN';
    if (slot.body !== undefined) return 'ALREADY_USED';
    if (now > slot.expiresAt) return 'EXPIRED';
    slot.body = body;
    for (const wake of slot.waiters.splice(0)) wake(body);
    return 'ACCEPTED';
  }

  /** The callback body once it arrives; `undefined` after `waitMs` or when the token is unknown/expired. */
  async wait(token: string, waitMs: number): Promise<{ status: 'DELIVERED'; body: unknown } | { status: 'PENDING' | 'UNKNOWN_TOKEN' | 'EXPIRED' }> {
    const slot = this.#slots.get(token);
    if (!slot) return { status: 'UNKNOWN_TOKEN' };
    if (slot.body !== undefined) return { status: 'DELIVERED', body: slot.body };
    if (Date.now() > slot.expiresAt) return { status: 'EXPIRED' };
    const wait = Math.max(0, Math.min(waitMs, slot.expiresAt - Date.now()));
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const i = slot.waiters.indexOf(wake);
        if (i >= 0) slot.waiters.splice(i, 1);
        resolve(Date.now() > slot.expiresAt ? { status: 'EXPIRED' } : { status: 'PENDING' });
      }, wait);
      const wake = (body: unknown) => {
        clearTimeout(timer);
        // undefined: the token was released (shutdown, too many tokens) before anything arrived.
        resolve(body === undefined ? { status: 'PENDING' } : { status: 'DELIVERED', body });
      };
      slot.waiters.push(wake);
    });
  }

  /** Wakes every long-poll (shutdown). */
  close(): void {
    for (const token of [...this.#slots.keys()]) this.#release(token);
  }

  #release(token: string): void {
    const slot = this.#slots.get(token);
    this.#slots.delete(token);
    for (const wake of slot?.waiters.splice(0) ?? []) wake(undefined);
  }

  #sweep(now: number): void {
    // Keep delivered answers a little past the window so a late long-poll still gets them.
    for (const [token, slot] of this.#slots) if (now > slot.expiresAt + this.#windowMs && slot.waiters.length === 0) this.#slots.delete(token);
  }
}
