import type { Customer } from './customer';

/** Read side of the customer directory. */
export interface CustomerDirectory {
  /** Looks a customer up by E.164 number through an index (never a scan). */
  findByPhone(phoneE164: string): Promise<Customer | undefined>;
  getById(customerId: string): Promise<Customer | undefined>;
}

export type PinFailureOutcome =
  | { readonly status: 'COUNTED'; readonly failures: number }
  | { readonly status: 'LOCKED'; readonly lockedUntil: Date };

/**
 * Atomic PIN-attempt bookkeeping. Every method is a single conditional write,
 * so concurrent attempts can neither lose a failure nor unlock early.
 */
export interface PinAttemptStore {
  /** +1 failure unless a lock is set (then the lock is returned). */
  addFailure(customerId: string): Promise<PinFailureOutcome>;
  /** Sets the lock if none is set and failures reached `minFailures`. */
  lock(customerId: string, until: Date, minFailures: number): Promise<void>;
  /** Removes a lock that has expired (only the exact lock seen) and zeroes the failures. */
  clearExpiredLock(customerId: string, lockedUntil: Date): Promise<void>;
  /** Zeroes failures after a correct PIN unless a lock is set (then the lock is returned). */
  reset(customerId: string): Promise<{ readonly status: 'OK' } | { readonly status: 'LOCKED'; readonly lockedUntil: Date }>;
}
