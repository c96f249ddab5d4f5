import { ConfigError } from '../errors';

/** The callback rules a center can tune (env vars of the callback Lambdas; defaults documented here). */
export interface CallbackPolicy {
  /** Length of a capacity slot, minutes (30). */
  readonly slotMinutes: number;
  /** Callbacks per slot (how many the agents can return in 30 minutes). */
  readonly capacityPerSlot: number;
  /** Furthest a booking may lie ahead, days (7). */
  readonly maxDaysAhead: number;
  /** Dial attempts before a callback FAILS (3). */
  readonly maxAttempts: number;
  /** Wait after no answer / busy before the next attempt, minutes (15). */
  readonly retryDelayMinutes: number;
  /** How long a dispatcher's claim on a DIALING callback lasts before the reaper takes it back, minutes. */
  readonly leaseMinutes: number;
  /** Outbound dials per minute across all dispatchers. */
  readonly dialsPerMinute: number;
  /** Days an ended callback stays before TTL removes it (90). */
  readonly retentionDays: number;
  /** `오늘 오후` starts at this Seoul minute of day (12:00). */
  readonly afternoonStartMinute: number;
  /** A lock whose callback never got written is considered abandoned after this many seconds. */
  readonly orphanLockSeconds: number;
}

export const DEFAULT_CALLBACK_POLICY: CallbackPolicy = {
  slotMinutes: 30,
  capacityPerSlot: 10,
  maxDaysAhead: 7,
  maxAttempts: 3,
  retryDelayMinutes: 15,
  leaseMinutes: 10,
  dialsPerMinute: 20,
  retentionDays: 90,
  afternoonStartMinute: 12 * 60,
  orphanLockSeconds: 120,
};

export const callbackPolicy = (overrides: Partial<CallbackPolicy> = {}): CallbackPolicy => {
  const policy = { ...DEFAULT_CALLBACK_POLICY, ...overrides };
  if (24 * 60 % policy.slotMinutes !== 0) throw new ConfigError(`callback slots must divide a day (got ${policy.slotMinutes} minutes)`);
  for (const [key, value] of Object.entries(policy)) {
    if (!Number.isInteger(value) || value < 0) throw new ConfigError(`callback policy: ${key} must be a non-negative integer`);
  }
  if (policy.maxAttempts < 1 || policy.capacityPerSlot < 1 || policy.dialsPerMinute < 1 || policy.leaseMinutes < 1) {
    throw new ConfigError('callback policy: attempts, capacity, dial rate and lease must be at least 1');
  }
  return policy;
};

export const MINUTE_MS = 60_000;
export const DAY_MS = 24 * 60 * MINUTE_MS;

export const epochSeconds = (at: Date): number => Math.floor(at.getTime() / 1000);

/** TTL of an item that ended at `at`. */
export const retentionExpiry = (at: Date, policy: CallbackPolicy): number => epochSeconds(new Date(at.getTime() + policy.retentionDays * DAY_MS));
