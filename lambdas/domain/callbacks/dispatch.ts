import { randomUUID } from 'node:crypto';
import { clientTokenFor, outboundAttributes, type Callback } from './callback';
import { applyAttemptOutcome, giveBackAttempt, type LifecycleDeps } from './lifecycle';
import { DAY_MS, epochSeconds, MINUTE_MS } from './policy';
import { DialError, type CallDialer, type DialRateLimiter } from './ports';

export interface DispatchDeps extends LifecycleDeps {
  readonly dialer: CallDialer;
  readonly rateLimiter: DialRateLimiter;
}

export interface DispatchSummary {
  readonly runId: string;
  /** Expired leases handed back for a redial of the same attempt (the dial was never confirmed). */
  readonly requeued: number;
  /** Expired leases whose dial went out but no result ever came: counted as a failed attempt. */
  readonly timedOut: number;
  readonly dialed: number;
  /** Due callbacks another dispatcher claimed first. */
  readonly skipped: number;
  /** Dials that did not start (throttled, timeout): back to PENDING for the same attempt. */
  readonly deferred: number;
  /** Numbers Connect refused for good, and callbacks whose last attempt timed out: now FAILED. */
  readonly failed: number;
  readonly rateLimited: boolean;
  readonly dialedCallbackIds: readonly string[];
}

export interface DispatchOptions {
  readonly runId?: string;
  /** How many expired leases to reap per run. */
  readonly reapLimit?: number;
}

/** The per-minute bucket a dial counts against (one counter item per minute, shared by every dispatcher). */
export const dialRateKey = (at: Date): string => new Date(Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS).toISOString();

/**
 * One dispatcher run:
 * 1. reaper: DIALING callbacks whose lease expired go back to PENDING (dial never confirmed: same
 *    attempt and ClientToken again) or count as a failed attempt (dialed, but no result arrived);
 * 2. due PENDING callbacks (index on status + due time, oldest first), each taken by a conditional
 *    claim PENDING → DIALING with a lease, so two runs at the same time never dial the same callback;
 * 3. at most `dialsPerMinute` dials per minute across all runs (a shared counter, one conditional write
 *    per dial); a throttled or unreachable Connect ends the run early.
 */
export const dispatchDueCallbacks = async (deps: DispatchDeps, options: DispatchOptions = {}): Promise<DispatchSummary> => {
  const runId = options.runId ?? randomUUID();
  const by = `dispatcher:${runId}`;
  const { repository, policy } = deps;
  let requeued = 0;
  let timedOut = 0;
  let dialed = 0;
  let skipped = 0;
  let deferred = 0;
  let failed = 0;
  let rateLimited = false;
  const dialedCallbackIds: string[] = [];

  for (const lapsed of await repository.findExpiredLeases(deps.clock.now(), options.reapLimit ?? 50)) {
    if (!lapsed.leaseId) continue;
    if (lapsed.dialedAttempt === lapsed.attempts) {
      const result = await applyAttemptOutcome(lapsed, lapsed.attempts, 'NO_RESULT', by, deps, { leaseId: lapsed.leaseId, detail: 'LEASE_EXPIRED' });
      if (result.status === 'FAILED') failed++;
      if (result.status !== 'IGNORED') timedOut++;
    } else if (await giveBackAttempt(lapsed, lapsed.leaseId, 'LEASE_EXPIRED', deps.clock.now(), by, deps)) {
      requeued++;
    }
  }

  const due = await repository.findDue(deps.clock.now(), policy.dialsPerMinute);
  for (const candidate of due) {
    const now = deps.clock.now();
    const minute = dialRateKey(now);
    if (!(await deps.rateLimiter.tryAcquire(minute, policy.dialsPerMinute, epochSeconds(new Date(now.getTime() + DAY_MS))))) {
      rateLimited = true;
      break;
    }
    const leaseId = `${runId}:${candidate.callbackId}`;
    const claimed = await claim(candidate, leaseId, by, deps);
    if (!claimed) {
      skipped++;
      await deps.rateLimiter.refund(minute);
      continue;
    }
    const attempt = claimed.attempts;
    try {
      const { contactId } = await deps.dialer.dial({
        callbackId: claimed.callbackId,
        attempt,
        clientToken: clientTokenFor(claimed.callbackId, attempt),
        destinationE164: claimed.phoneE164,
        attributes: outboundAttributes(claimed, attempt),
      });
      await repository.linkContact(contactId, claimed.callbackId, attempt, epochSeconds(new Date(now.getTime() + 8 * DAY_MS)));
      await repository.recordDial(claimed.callbackId, leaseId, attempt, contactId, deps.clock.now());
      dialed++;
      dialedCallbackIds.push(claimed.callbackId);
    } catch (error) {
      const kind = error instanceof DialError ? error.kind : 'UNAVAILABLE';
      const detail = error instanceof Error ? `${kind}: ${error.name}` : kind;
      if (kind === 'REJECTED') {
        const result = await applyAttemptOutcome(claimed, attempt, 'FAILED', by, deps, { leaseId, detail, noRetry: true });
        if (result.status === 'FAILED') failed++;
        continue;
      }
      await giveBackAttempt(claimed, leaseId, 'DIAL_DEFERRED', new Date(deps.clock.now().getTime() + MINUTE_MS), by, deps, detail);
      deferred++;
      // Connect is throttling or unreachable: stop this run instead of hammering it; the next run resumes.
      break;
    }
  }
  return { runId, requeued, timedOut, dialed, skipped, deferred, failed, rateLimited, dialedCallbackIds };
};

const claim = async (candidate: Callback, leaseId: string, by: string, deps: DispatchDeps): Promise<Callback | undefined> => {
  const now = deps.clock.now();
  const attempt = candidate.attempts + 1;
  return deps.repository.transition(candidate.callbackId, {
    from: ['PENDING'],
    to: 'DIALING',
    now,
    dueAt: new Date(now.getTime() + deps.policy.leaseMinutes * MINUTE_MS),
    guard: { attempts: candidate.attempts, dueAtAtMost: now },
    attemptsDelta: 1,
    leaseId,
    entry: { at: now.toISOString(), event: 'CLAIMED', status: 'DIALING', by, attempt },
  });
};
