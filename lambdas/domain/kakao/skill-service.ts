import { createHash } from 'node:crypto';
import { wallClockMs, type Clock } from '../clock';
import { withDeadline } from '../deadline';
import { errorName } from '../errors';
import { acceptCallbackUrl, type CallbackUrlPolicy } from './callback-url';
import { KAKAO_MESSAGES } from './messages';
import type {
  CallbackPoster,
  CompletionJob,
  CompletionQueue,
  IdempotencyStore,
  KakaoBot,
  Profile,
  RequestRecord,
  SkillObserver,
  TurnInput,
} from './ports';
import type { SkillRequest } from './skill-request';
import { callbackAck, textResponse, toSkillResponse, validateSkillResponse, type SkillResponse, type TemplateResponse } from './skill-response';

/**
 * The Kakao channel use case, shared by both profiles: idempotency on the request, the 5-second
 * budget (fast turns answer at once; slow ones are deferred to a callback when Kakao offers one,
 * otherwise they get a deadline and the bot's fallback), and the async completion with exactly one
 * callback POST.
 */
export interface SkillServiceDeps {
  readonly bots: Readonly<Record<Profile, KakaoBot>>;
  readonly idempotency: IdempotencyStore;
  readonly queue: CompletionQueue;
  readonly poster: CallbackPoster;
  readonly clock: Clock;
  readonly callbackPolicy: CallbackUrlPolicy;
  /** Budget for slow work when answering synchronously (Kakao waits 5 s in total). Default 3500. */
  readonly syncBudgetMs?: number;
  /** Kakao's callback URL lives 60 s; the final reply must be POSTed within this window. Default 55 000. */
  readonly callbackWindowMs?: number;
  /** How long a duplicate waits for the original's reply. Default 2500. */
  readonly duplicateWaitMs?: number;
  readonly observer?: SkillObserver;
  readonly onError?: (where: string, error: unknown) => void;
}

const DEFAULTS = { syncBudgetMs: 3500, callbackWindowMs: 55_000, duplicateWaitMs: 2500 };
/** A request without a callback is remembered this long: enough for Kakao's redelivery, short enough that a user may repeat "네". */
const SYNC_DEDUP_MS = 20_000;
/** A callback request is remembered past its callback window. */
const CALLBACK_DEDUP_MS = 10 * 60_000;

/** Idempotency key: the same delivery of the same request always maps to the same key. */
export const requestKey = (profile: Profile, request: SkillRequest): string =>
  createHash('sha256')
    .update([profile, request.botId ?? '', request.userId, request.callbackUrl ?? '', request.blockId ?? '', request.utterance].join('\u0000'))
    .digest('base64url');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class KakaoSkillService {
  readonly #d: SkillServiceDeps;
  readonly #syncBudgetMs: number;
  readonly #windowMs: number;
  readonly #duplicateWaitMs: number;

  constructor(deps: SkillServiceDeps) {
    this.#d = deps;
    this.#syncBudgetMs = deps.syncBudgetMs ?? DEFAULTS.syncBudgetMs;
    this.#windowMs = deps.callbackWindowMs ?? DEFAULTS.callbackWindowMs;
    this.#duplicateWaitMs = deps.duplicateWaitMs ?? DEFAULTS.duplicateWaitMs;
  }

  /** Answers one skill request. Never throws; the result always passes `validateSkillResponse`. */
  async handle(profile: Profile, request: SkillRequest): Promise<SkillResponse> {
    try {
      return this.#guard(await this.#handle(profile, request));
    } catch (error) {
      this.#d.onError?.('handle', error);
      this.#d.observer?.event('TurnFailed', { profile, error: errorName(error) });
      return textResponse(KAKAO_MESSAGES.unavailable);
    }
  }

  async #handle(profile: Profile, request: SkillRequest): Promise<SkillResponse> {
    if (!request.userId) return textResponse(KAKAO_MESSAGES.noUser);
    const now = this.#d.clock.now();
    const callbackUrl = acceptCallbackUrl(request.callbackUrl, this.#d.callbackPolicy);
    if (request.callbackUrl && !callbackUrl) this.#d.observer?.event('CallbackUrlRejected', { profile });
    const key = requestKey(profile, request);
    const begun = await this.#d.idempotency.begin(
      {
        key,
        profile,
        userId: request.userId,
        utterance: request.utterance,
        truncated: request.truncated,
        ...(callbackUrl ? { callbackUrl: callbackUrl.toString(), callbackDeadline: new Date(wallClockMs() + this.#windowMs).toISOString() } : {}),
        receivedAt: now.toISOString(),
      },
      new Date(now.getTime() + (callbackUrl ? CALLBACK_DEDUP_MS : SYNC_DEDUP_MS)),
      now,
    );
    if (!begun.created) {
      this.#d.observer?.event('DuplicateRequest', { profile, state: begun.existing.state });
      return this.#replay(begun.existing);
    }

    const input: TurnInput = { userId: request.userId, utterance: request.utterance, truncated: request.truncated, params: request.params, clientExtra: request.clientExtra };
    const bot = this.#d.bots[profile];
    // Deadlines are wall-clock time (remote calls time out in real time); the injected clock dates business records.
    const deadline = new Date(wallClockMs() + this.#syncBudgetMs);
    let outcome = await bot.turn(input, { allowDefer: callbackUrl !== undefined, deadline });
    if (outcome.kind === 'deferred') {
      let marked = false;
      try {
        await this.#d.idempotency.markDeferred(key);
        marked = true;
        // Half the budget at most: the other half answers synchronously if the hand-off fails.
        await withDeadline(this.#d.queue.enqueue({ key, profile }), new Date(wallClockMs() + this.#syncBudgetMs / 2), 'completion-queue');
        this.#d.observer?.event('CallbackDeferred', { profile });
        return callbackAck(outcome.waitingText);
      } catch (error) {
        // No async path: answer now within what is left of the budget.
        this.#d.onError?.('defer', error);
        this.#d.observer?.event('DeferFailed', { profile, error: errorName(error) });
        // The message may have gone out all the same (its answer lost on the way back). Take the turn
        // back, so the record no longer promises a callback and a retry is answered from it, unless
        // the worker already has it: then its callback carries the answer, and Kakao is told to wait.
        if (marked && !(await this.#takeBack(key))) return callbackAck(outcome.waitingText);
        outcome = await bot.turn(input, { allowDefer: false, deadline: new Date(wallClockMs() + this.#syncBudgetMs / 2) });
        if (outcome.kind === 'deferred') return textResponse(KAKAO_MESSAGES.unavailable);
      }
    }
    const response = toSkillResponse(outcome.reply);
    await this.#d.idempotency.complete(key, response).catch((error: unknown) => this.#d.onError?.('complete', error));
    return response;
  }

  /** True when the deferred turn is ours to answer again; an unreadable store answers anyway (the user must get a reply). */
  async #takeBack(key: string): Promise<boolean> {
    try {
      return await this.#d.idempotency.undefer(key);
    } catch (error) {
      this.#d.onError?.('undefer', error);
      return true;
    }
  }

  /** The same request again: the same answer, never a second turn. */
  async #replay(existing: RequestRecord): Promise<SkillResponse> {
    let record: RequestRecord | undefined = existing;
    const until = wallClockMs() + this.#duplicateWaitMs;
    for (;;) {
      if (!record) return textResponse(KAKAO_MESSAGES.stillWorking);
      // Deferred to a callback: acknowledge again; the one callback carries the reply.
      if (record.deferred) return callbackAck(KAKAO_MESSAGES.waiting[record.profile]);
      if (record.response) {
        const parsed = safeJson(record.response);
        if (parsed && validateSkillResponse(parsed).length === 0) return parsed as SkillResponse;
      }
      if (record.state === 'COMPLETED' || record.state === 'FAILED' || wallClockMs() >= until) break;
      await sleep(200);
      record = await this.#d.idempotency.get(existing.key);
    }
    return textResponse(KAKAO_MESSAGES.stillWorking);
  }

  /**
   * The async worker: runs a deferred turn once (the claim is a conditional write) and POSTs its
   * reply to the callback URL exactly once, retrying transient failures inside the window.
   */
  async complete(job: CompletionJob): Promise<'SENT' | 'SKIPPED' | 'FAILED'> {
    let record: RequestRecord | undefined;
    try {
      record = await this.#d.idempotency.claim(job.key);
    } catch (error) {
      this.#d.onError?.('claim', error);
      throw error; // the queue redelivers; the claim decides who runs
    }
    if (!record || !record.callbackUrl) return 'SKIPPED';
    const url = acceptCallbackUrl(record.callbackUrl, this.#d.callbackPolicy);
    const deadline = new Date(record.callbackDeadline ?? 0);
    if (!url || wallClockMs() >= deadline.getTime()) {
      await this.#d.idempotency.complete(job.key, textResponse(KAKAO_MESSAGES.unavailable), 'FAILED');
      await this.#d.idempotency.recordCallback(job.key, 'EXPIRED', 0);
      this.#d.observer?.event('CallbackFailed', { profile: record.profile, status: 'EXPIRED' });
      return 'FAILED';
    }
    let response: SkillResponse;
    try {
      // Leave the last fifth of the window (at least 8 s) for delivering the reply.
      const reserve = Math.max(8000, this.#windowMs / 5);
      const workDeadline = new Date(Math.max(deadline.getTime() - reserve, Math.min(wallClockMs() + 1000, deadline.getTime())));
      const outcome = await this.#d.bots[record.profile].turn(
        { userId: record.userId, utterance: record.utterance, truncated: record.truncated, params: {}, clientExtra: {} },
        { allowDefer: false, deadline: workDeadline },
      );
      response = this.#guard(outcome.kind === 'reply' ? toSkillResponse(outcome.reply) : textResponse(KAKAO_MESSAGES.unavailable));
    } catch (error) {
      this.#d.onError?.('worker-turn', error);
      this.#d.observer?.event('TurnFailed', { profile: record.profile, error: errorName(error) });
      response = textResponse(KAKAO_MESSAGES.unavailable);
    }
    await this.#d.idempotency.complete(job.key, response).catch((error: unknown) => this.#d.onError?.('complete', error));
    const result = await this.#d.poster.post(url, response, deadline);
    await this.#d.idempotency.recordCallback(job.key, result.status, result.attempts).catch((error: unknown) => this.#d.onError?.('record-callback', error));
    this.#d.observer?.event(result.status === 'SENT' ? 'CallbackSent' : 'CallbackFailed', { profile: record.profile, status: result.status, attempts: result.attempts });
    return result.status === 'SENT' ? 'SENT' : 'FAILED';
  }

  /** Last line of defence: whatever a bot built, Kakao gets a valid SkillResponse. */
  #guard(response: SkillResponse): SkillResponse {
    const problems = validateSkillResponse(response);
    if (problems.length === 0) return response;
    this.#d.onError?.('invalid-response', new Error(problems.join('; ')));
    return textResponse(KAKAO_MESSAGES.unavailable) satisfies TemplateResponse;
  }
}

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};
