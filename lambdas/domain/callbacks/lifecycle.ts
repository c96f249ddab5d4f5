import type { BusinessCalendar } from '../calendar';
import type { Clock } from '../clock';
import { classifyCallerId } from '../phone';
import { isActive, type Callback, type DialOutcome, type HistoryEvent } from './callback';
import { MINUTE_MS, retentionExpiry, type CallbackPolicy } from './policy';
import type { CallbackRepository, SlotCapacity } from './ports';
import { nextAttemptAt, slotKey } from './slots';

export interface LifecycleDeps {
  readonly repository: CallbackRepository;
  readonly calendar: BusinessCalendar;
  readonly clock: Clock;
  readonly policy: CallbackPolicy;
}

export type AttemptResult =
  | { readonly status: 'COMPLETED' | 'RETRY_SCHEDULED' | 'FAILED' | 'CANCELLED'; readonly callback: Callback }
  | { readonly status: 'IGNORED'; readonly reason: 'UNKNOWN_CALLBACK' | 'NOT_DIALING' | 'STALE_ATTEMPT' | 'CHANGED_CONCURRENTLY'; readonly callback?: Callback };

/** Frees the phone for a new booking once its callback has ended (only if this callback still holds it). */
const releasePhone = async (deps: LifecycleDeps, callback: Callback): Promise<void> => {
  await deps.repository.releaseActive(callback.phoneE164, callback.callbackId, deps.clock.now());
};

/**
 * Applies what one dial attempt ended with, in one conditional write guarded by status DIALING and
 * the attempt number (and the lease, for the reaper): a late or repeated report (EventBridge delivers
 * at least once; flow and contact event may both report) changes nothing.
 */
export const applyAttemptOutcome = async (
  callback: Callback,
  attempt: number,
  outcome: DialOutcome,
  by: string,
  deps: LifecycleDeps,
  options: { readonly leaseId?: string; readonly detail?: string; readonly noRetry?: boolean } = {},
): Promise<AttemptResult> => {
  const now = deps.clock.now();
  const guard = { attempts: attempt, ...(options.leaseId ? { leaseId: options.leaseId } : {}) };
  const detail = options.detail ?? outcome;
  const end = (to: 'COMPLETED' | 'FAILED' | 'CANCELLED', event: HistoryEvent) =>
    deps.repository.transition(callback.callbackId, {
      from: ['DIALING'],
      to,
      now,
      dueAt: now,
      guard,
      leaseId: null,
      lastOutcome: outcome,
      ended: { at: now, expiresAt: retentionExpiry(now, deps.policy) },
      entry: { at: now.toISOString(), event, status: to, by, attempt, detail },
    });

  let updated: Callback | undefined;
  let status: 'COMPLETED' | 'RETRY_SCHEDULED' | 'FAILED' | 'CANCELLED';
  if (outcome === 'CONNECTED') {
    updated = await end('COMPLETED', 'CONNECTED');
    status = 'COMPLETED';
  } else if (outcome === 'DECLINED') {
    updated = await end('CANCELLED', 'DECLINED');
    status = 'CANCELLED';
  } else if (options.noRetry || attempt >= callback.maxAttempts) {
    updated = await end('FAILED', options.noRetry ? 'DIAL_REJECTED' : 'ATTEMPTS_EXHAUSTED');
    status = 'FAILED';
  } else {
    const next = nextAttemptAt(now, deps.calendar, deps.policy);
    updated = await deps.repository.transition(callback.callbackId, {
      from: ['DIALING'],
      to: 'PENDING',
      now,
      dueAt: next,
      guard,
      leaseId: null,
      lastOutcome: outcome,
      entry: { at: now.toISOString(), event: 'RETRY_SCHEDULED', status: 'PENDING', by, attempt, detail: `${detail} → ${next.toISOString()}` },
    });
    status = 'RETRY_SCHEDULED';
  }
  if (!updated) return { status: 'IGNORED', reason: 'CHANGED_CONCURRENTLY', callback };
  if (status !== 'RETRY_SCHEDULED') await releasePhone(deps, updated);
  return { status, callback: updated };
};

export interface OutcomeReport {
  readonly callbackId?: string;
  /** The outbound contact the report is about (flow: its own ContactId; contact event: detail.contactId). */
  readonly contactId?: string;
  readonly attempt?: number;
  readonly outcome: DialOutcome;
  /** `flow`, `connect` (contact event) */
  readonly by: string;
  readonly detail?: string;
}

/** Finds the callback a report is about (callback id, or the outbound contact id) and applies it to the current attempt. */
export const recordOutcome = async (report: OutcomeReport, deps: LifecycleDeps): Promise<AttemptResult> => {
  let callbackId = report.callbackId;
  let attempt = report.attempt;
  if (report.contactId && (!callbackId || attempt === undefined)) {
    const link = await deps.repository.findByContact(report.contactId);
    if (link && (!callbackId || link.callbackId === callbackId)) {
      callbackId = link.callbackId;
      attempt ??= link.attempt;
    }
  }
  if (!callbackId) return { status: 'IGNORED', reason: 'UNKNOWN_CALLBACK' };
  const callback = await deps.repository.get(callbackId);
  if (!callback) return { status: 'IGNORED', reason: 'UNKNOWN_CALLBACK' };
  if (callback.status !== 'DIALING') return { status: 'IGNORED', reason: 'NOT_DIALING', callback };
  if (report.contactId && callback.contactId && callback.dialedAttempt === callback.attempts && report.contactId !== callback.contactId) {
    return { status: 'IGNORED', reason: 'STALE_ATTEMPT', callback };
  }
  const forAttempt = attempt ?? callback.attempts;
  if (forAttempt !== callback.attempts) return { status: 'IGNORED', reason: 'STALE_ATTEMPT', callback };
  return applyAttemptOutcome(callback, forAttempt, report.outcome, report.by, deps, { detail: report.detail });
};

/**
 * Gives an attempt back without counting it: the claim lapsed or the dial did not start, so the same
 * attempt number (and thus the same ClientToken) is used again. If Connect did place the call after
 * all, it answers the retry with that same contact instead of dialing twice.
 */
export const giveBackAttempt = async (
  callback: Callback,
  leaseId: string,
  event: 'LEASE_EXPIRED' | 'DIAL_DEFERRED',
  retryAt: Date,
  by: string,
  deps: LifecycleDeps,
  detail?: string,
): Promise<Callback | undefined> => {
  const now = deps.clock.now();
  return deps.repository.transition(callback.callbackId, {
    from: ['DIALING'],
    to: 'PENDING',
    now,
    dueAt: retryAt,
    guard: { leaseId, attempts: callback.attempts },
    attemptsDelta: -1,
    leaseId: null,
    entry: { at: now.toISOString(), event, status: 'PENDING', by, attempt: callback.attempts, ...(detail ? { detail } : {}) },
  });
};

export interface CancelRequest {
  readonly callbackId?: string;
  /** The customer's number (IVR caller id, Kakao-verified number). */
  readonly phone?: string;
  /** `customer` or `operator:<id>` */
  readonly by: string;
  readonly detail?: string;
}

export type CancelResult =
  | { readonly result: 'CANCELLED'; readonly callback: Callback }
  | { readonly result: 'NOT_FOUND' }
  | { readonly result: 'NOT_ACTIVE'; readonly callback: Callback }
  | { readonly result: 'INVALID_NUMBER' };

/**
 * Cancels an active callback by id (operator) or by the customer's number (IVR, Kakao). A call in
 * progress is cancelled too: its late outcome is then ignored. The slot place is given back while the
 * slot is still ahead.
 */
export const cancelCallback = async (request: CancelRequest, deps: LifecycleDeps & { readonly capacity: SlotCapacity }): Promise<CancelResult> => {
  const now = deps.clock.now();
  let callbackId = request.callbackId?.trim() || undefined;
  if (!callbackId) {
    const caller = classifyCallerId(request.phone);
    if (caller.type !== 'valid') return { result: 'INVALID_NUMBER' };
    callbackId = (await deps.repository.activeHolder(caller.phone.e164, now))?.callbackId;
    if (!callbackId) return { result: 'NOT_FOUND' };
  }
  for (let round = 0; round < 2; round++) {
    const callback = await deps.repository.get(callbackId);
    if (!callback) return { result: 'NOT_FOUND' };
    if (!isActive(callback.status)) return { result: 'NOT_ACTIVE', callback };
    const updated = await deps.repository.transition(callbackId, {
      from: ['PENDING', 'DIALING'],
      to: 'CANCELLED',
      now,
      dueAt: now,
      guard: { attempts: callback.attempts },
      leaseId: null,
      ended: { at: now, expiresAt: retentionExpiry(now, deps.policy) },
      entry: { at: now.toISOString(), event: 'CANCELLED', status: 'CANCELLED', by: request.by, attempt: callback.attempts, ...(request.detail ? { detail: request.detail } : {}) },
    });
    if (!updated) continue;
    await releasePhone(deps, updated);
    const slotEnd = new Date(callback.slotStart).getTime() + deps.policy.slotMinutes * MINUTE_MS;
    if (callback.attempts === 0 && slotEnd > now.getTime()) await deps.capacity.release(slotKey(new Date(callback.slotStart)));
    return { result: 'CANCELLED', callback: updated };
  }
  const latest = await deps.repository.get(callbackId);
  return latest ? { result: 'NOT_ACTIVE', callback: latest } : { result: 'NOT_FOUND' };
};
