import { AiccError } from '../errors';
import type { Callback, CallbackStatus, DialOutcome, HistoryEntry } from './callback';

/** Who holds the one active callback of a phone number. */
export interface ActiveHolder {
  readonly callbackId: string;
  /** ISO instant the lock was taken */
  readonly createdAt: string;
}

export type AcquireResult = { readonly acquired: true } | { readonly acquired: false; readonly holder: ActiveHolder };

/**
 * A conditional status change: applied only when the item is in one of `from` (and matches the
 * guards), in one write. Returns the item after the change, or undefined when the condition failed.
 */
export interface Transition {
  readonly from: readonly CallbackStatus[];
  readonly to: CallbackStatus;
  readonly entry: HistoryEntry;
  readonly now: Date;
  /** New `dueAt` (next attempt, lease expiry or end time). */
  readonly dueAt: Date;
  readonly guard?: { readonly leaseId?: string; readonly attempts?: number; readonly dueAtAtMost?: Date };
  /** Added to `attempts` (+1 when claiming, −1 when an unconfirmed attempt is given back). */
  readonly attemptsDelta?: number;
  readonly leaseId?: string | null;
  readonly lastOutcome?: DialOutcome;
  /** Set when the callback ends: `endedAt` and the TTL. */
  readonly ended?: { readonly at: Date; readonly expiresAt: number };
}

/**
 * Persistence of callbacks. Every write is a single conditional write: dynalite (local and tests)
 * has no transactions, and DynamoDB does the same with a condition as with a transaction here.
 */
export interface CallbackRepository {
  /** Takes the phone's active-callback lock for `callbackId` unless someone else holds a live one. */
  acquireActive(phoneE164: string, callbackId: string, now: Date, expiresAt: number): Promise<AcquireResult>;
  /** Replaces a dead holder (its callback ended or never got written), only if it is still `staleCallbackId`. */
  takeOverActive(phoneE164: string, staleCallbackId: string, callbackId: string, now: Date, expiresAt: number): Promise<boolean>;
  /** Frees the lock if `callbackId` still holds it (marks it expired at `now`; TTL removes it). */
  releaseActive(phoneE164: string, callbackId: string, now: Date): Promise<void>;
  activeHolder(phoneE164: string, now: Date): Promise<ActiveHolder | undefined>;

  /** Writes a new callback (fails if the id exists). */
  create(callback: Callback): Promise<void>;
  get(callbackId: string): Promise<Callback | undefined>;
  transition(callbackId: string, change: Transition): Promise<Callback | undefined>;
  /** Records the outbound contact of the current attempt (only while the lease is still ours). */
  recordDial(callbackId: string, leaseId: string, attempt: number, contactId: string, now: Date): Promise<boolean>;
  /** Links an outbound contact id to its callback and attempt (contact events carry only the contact id). */
  linkContact(contactId: string, callbackId: string, attempt: number, expiresAt: number): Promise<void>;
  findByContact(contactId: string): Promise<{ readonly callbackId: string; readonly attempt: number } | undefined>;

  /** PENDING callbacks due at or before `now`, oldest first (index on status + due time). */
  findDue(now: Date, limit: number): Promise<Callback[]>;
  /** DIALING callbacks whose lease expired at or before `now`. */
  findExpiredLeases(now: Date, limit: number): Promise<Callback[]>;
  /** Callbacks in a status whose `dueAt` falls on a Seoul day (PENDING: due that day; ended: ended that day). */
  listByStatus(status: CallbackStatus, dayKey: string, limit?: number): Promise<Callback[]>;
  /** Callbacks booked for a Seoul day, in time order. */
  listByDay(dayKey: string, limit?: number): Promise<Callback[]>;
}

/** Bounded counters in one conditional write each (`ADD count :1` only while `count < cap`). */
export interface SlotCapacity {
  /** Current counts of slot keys (missing = 0). */
  counts(slotKeys: readonly string[]): Promise<ReadonlyMap<string, number>>;
  /** Takes one place in the slot unless it already holds `capacity`. */
  reserve(slotKey: string, capacity: number, expiresAt: number): Promise<boolean>;
  /** Gives one place back (never below zero). */
  release(slotKey: string): Promise<void>;
}

/** At most N dials per minute across every dispatcher running at the same time. */
export interface DialRateLimiter {
  tryAcquire(minuteKey: string, maxPerMinute: number, expiresAt: number): Promise<boolean>;
  refund(minuteKey: string): Promise<void>;
}

export interface OutboundCallRequest {
  readonly callbackId: string;
  readonly attempt: number;
  /** Deterministic per callback and attempt: see `clientTokenFor`. */
  readonly clientToken: string;
  readonly destinationE164: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/** Places the outbound call (Amazon Connect `StartOutboundVoiceContact`, or a recorder locally). */
export interface CallDialer {
  dial(request: OutboundCallRequest): Promise<{ readonly contactId: string }>;
}

/**
 * Why a dial did not start. THROTTLED: the telephony side asks us to slow down (retry later, same
 * attempt). UNAVAILABLE: timeout or service error, the call may or may not exist (retry later with the
 * same ClientToken, so Connect deduplicates). REJECTED: this number can never be dialed (no retry).
 */
export type DialErrorKind = 'THROTTLED' | 'UNAVAILABLE' | 'REJECTED';

export class DialError extends AiccError {
  override readonly name = 'DialError';
  readonly code = 'DIAL_ERROR';
  constructor(
    readonly kind: DialErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
