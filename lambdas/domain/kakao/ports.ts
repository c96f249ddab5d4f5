import type { BotReply, SkillResponse } from './skill-response';

/** The bots behind `POST /kakao/{profile}`. */
export const PROFILES = ['service', 'coaching'] as const;
export type Profile = (typeof PROFILES)[number];
export const isProfile = (value: string | undefined): value is Profile => PROFILES.includes(value as Profile);

export interface TurnInput {
  readonly userId: string;
  readonly utterance: string;
  /** The user's text was longer than we process and was cut */
  readonly truncated: boolean;
  readonly params: Readonly<Record<string, string>>;
  readonly clientExtra: Readonly<Record<string, unknown>>;
}

export interface TurnOptions {
  /** The request carries a usable callback URL: slow work may be deferred to the async worker. */
  readonly allowDefer: boolean;
  /** Slow work (an LLM) must be finished by then; past it the bot answers its deterministic fallback. */
  readonly deadline: Date;
}

export type TurnOutcome =
  | { readonly kind: 'reply'; readonly reply: BotReply }
  /** Nothing was stored: the same turn runs again, without deferral, in the worker. */
  | { readonly kind: 'deferred'; readonly waitingText: string };

/** A Kakao bot: one user turn in, one reply out. Implementations keep their own conversation state. */
export interface KakaoBot {
  turn(input: TurnInput, options: TurnOptions): Promise<TurnOutcome>;
}

export type RequestState = 'RECEIVED' | 'DEFERRED' | 'RUNNING' | 'COMPLETED' | 'FAILED';
export type CallbackStatus = 'SENT' | 'EXPIRED' | 'REJECTED' | 'TIMEOUT' | 'UNREACHABLE';

/** One skill request as the idempotency table keeps it. */
export interface RequestRecord {
  readonly key: string;
  readonly profile: Profile;
  readonly userId: string;
  readonly utterance: string;
  readonly truncated: boolean;
  readonly callbackUrl?: string;
  /** Wall-clock time by which the callback must be POSTed (Kakao's URL lives 60 s) */
  readonly callbackDeadline?: string;
  readonly receivedAt: string;
  readonly state: RequestState;
  /** The turn was handed to the async worker (the reply goes by callback) */
  readonly deferred?: boolean;
  /** The final SkillResponse, JSON, once COMPLETED */
  readonly response?: string;
  readonly callbackStatus?: CallbackStatus;
  readonly callbackAttempts?: number;
}

export type BeginResult = { readonly created: true } | { readonly created: false; readonly existing: RequestRecord };

/**
 * Idempotency keyed on the request: `begin` is a single conditional write, so a redelivered request
 * never runs a second turn; `claim` moves a deferred request to RUNNING exactly once.
 */
export interface IdempotencyStore {
  begin(record: Omit<RequestRecord, 'state'>, expiresAt: Date, now: Date): Promise<BeginResult>;
  get(key: string): Promise<RequestRecord | undefined>;
  markDeferred(key: string): Promise<void>;
  /**
   * DEFERRED → RECEIVED with the deferred flag removed: the turn could not be handed to the worker
   * and is answered synchronously after all. False when the worker has claimed it meanwhile (the
   * hand-off did go through), in which case the worker's callback carries the answer.
   */
  undefer(key: string): Promise<boolean>;
  /** DEFERRED → RUNNING; undefined when another worker has it (or it is gone). */
  claim(key: string): Promise<RequestRecord | undefined>;
  complete(key: string, response: SkillResponse, state?: 'COMPLETED' | 'FAILED'): Promise<void>;
  recordCallback(key: string, status: CallbackStatus, attempts: number): Promise<void>;
}

export interface CompletionJob {
  readonly key: string;
  readonly profile: Profile;
}

/** Hands a deferred turn to the async worker (SQS in AWS, a background task locally). */
export interface CompletionQueue {
  enqueue(job: CompletionJob): Promise<void>;
}

export interface CallbackResult {
  readonly status: CallbackStatus;
  readonly attempts: number;
}

/** POSTs the final SkillResponse to Kakao's one-time callback URL, retrying transient failures until `deadline`. */
export interface CallbackPoster {
  post(url: URL, response: SkillResponse, deadline: Date): Promise<CallbackResult>;
}

/** Source of the shared skill secret (env locally, Secrets Manager in AWS). */
export interface SecretSource {
  get(): Promise<string>;
}

export type SkillEvent =
  | 'DuplicateRequest'
  | 'CallbackDeferred'
  | 'CallbackSent'
  | 'CallbackFailed'
  | 'CallbackUrlRejected'
  | 'DeferFailed'
  | 'TurnFailed';

export interface SkillObserver {
  event(name: SkillEvent, detail?: Record<string, string | number | boolean | undefined>): void;
}
