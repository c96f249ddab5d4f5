import type { Clock } from '../clock';
import { classifyCallerId, type PhoneNumber } from '../phone';
import { isPriorityTier, type Customer, type CustomerTier } from './customer';
import { PIN_PATTERN, verifyPin } from './pin';
import type { CustomerDirectory, PinAttemptStore } from './ports';

export const VERIFICATION_RESULTS = ['NOT_REQUIRED', 'VERIFIED', 'FAILED', 'LOCKED', 'NOT_FOUND'] as const;
export type VerificationResult = (typeof VERIFICATION_RESULTS)[number];

/** Why the result is what it is, for the flow and the logs (never PII). */
export type IdentificationDetail =
  | 'OK'
  | 'ANONYMOUS_CALLER'
  | 'INVALID_NUMBER'
  | 'UNKNOWN_NUMBER'
  | 'PIN_MALFORMED'
  | 'PIN_NOT_ENROLLED'
  | 'PIN_WRONG'
  | 'PIN_LOCKED';

export interface PinPolicy {
  readonly maxAttempts: number;
  readonly lockMinutes: number;
}
export const DEFAULT_PIN_POLICY: PinPolicy = { maxAttempts: 3, lockMinutes: 30 };

export interface IdentifyCallerInput {
  /** `CustomerEndpoint.Address` or a flow-provided number, in any written form */
  readonly phoneNumber?: string | null;
  /** DTMF-entered PIN when the flow asks for step-up verification */
  readonly pin?: string | null;
}

export interface Identification {
  readonly customer?: Customer;
  readonly phone?: PhoneNumber;
  readonly verification: VerificationResult;
  readonly detail: IdentificationDetail;
  readonly attemptsRemaining?: number;
  readonly lockedUntil?: Date;
}

export interface IdentifyCallerDeps {
  readonly directory: CustomerDirectory;
  readonly attempts: PinAttemptStore;
  readonly clock: Clock;
  readonly policy?: PinPolicy;
}

const remaining = (policy: PinPolicy, failures: number): number => Math.max(policy.maxAttempts - failures, 0);

const activeLock = (customer: Customer, now: Date): Date | undefined => {
  if (!customer.pinLockedUntil) return undefined;
  const until = new Date(customer.pinLockedUntil);
  return until.getTime() > now.getTime() ? until : undefined;
};

/**
 * Identifies a caller by number and, when a PIN is given, verifies it with a lock after
 * `maxAttempts` failures. Throws only when a dependency fails; the handler maps that to a safe answer.
 */
export const identifyCaller = async (input: IdentifyCallerInput, deps: IdentifyCallerDeps): Promise<Identification> => {
  const policy = deps.policy ?? DEFAULT_PIN_POLICY;
  const caller = classifyCallerId(input.phoneNumber);
  if (caller.type === 'anonymous') return { verification: 'NOT_FOUND', detail: 'ANONYMOUS_CALLER' };
  if (caller.type === 'invalid') return { verification: 'NOT_FOUND', detail: 'INVALID_NUMBER' };

  const customer = await deps.directory.findByPhone(caller.phone.e164);
  if (!customer) return { phone: caller.phone, verification: 'NOT_FOUND', detail: 'UNKNOWN_NUMBER' };

  const base = { customer, phone: caller.phone };
  const now = deps.clock.now();
  const pin = input.pin?.trim();

  if (!pin) {
    const lock = activeLock(customer, now);
    if (lock) return { ...base, verification: 'LOCKED', detail: 'PIN_LOCKED', attemptsRemaining: 0, lockedUntil: lock };
    return { ...base, verification: 'NOT_REQUIRED', detail: 'OK', attemptsRemaining: remaining(policy, customer.pinFailures) };
  }
  if (!customer.pinHash) return { ...base, verification: 'FAILED', detail: 'PIN_NOT_ENROLLED', attemptsRemaining: 0 };

  // A lock seen on the (eventually consistent) index is confirmed by the conditional writes below.
  const seenLock = customer.pinLockedUntil ? new Date(customer.pinLockedUntil) : undefined;
  if (seenLock && seenLock.getTime() > now.getTime()) {
    return { ...base, verification: 'LOCKED', detail: 'PIN_LOCKED', attemptsRemaining: 0, lockedUntil: seenLock };
  }
  if (seenLock) await deps.attempts.clearExpiredLock(customer.customerId, seenLock);

  if (!PIN_PATTERN.test(pin)) {
    // Not a PIN at all (timeout, `#`, letters): cannot match, so it is not counted as a guess.
    return { ...base, verification: 'FAILED', detail: 'PIN_MALFORMED', attemptsRemaining: remaining(policy, seenLock ? 0 : customer.pinFailures) };
  }

  const id = customer.customerId;
  const afterExpiredLock = async <T extends { status: string; lockedUntil?: Date }>(op: () => Promise<T>): Promise<T> => {
    const first = await op();
    if (first.status !== 'LOCKED' || !first.lockedUntil || first.lockedUntil.getTime() > now.getTime()) return first;
    await deps.attempts.clearExpiredLock(id, first.lockedUntil);
    return op();
  };

  if (await verifyPin(pin, customer.pinHash)) {
    const reset = await afterExpiredLock(() => deps.attempts.reset(id));
    if (reset.status === 'LOCKED') {
      return { ...base, verification: 'LOCKED', detail: 'PIN_LOCKED', attemptsRemaining: 0, lockedUntil: reset.lockedUntil };
    }
    return { ...base, verification: 'VERIFIED', detail: 'OK', attemptsRemaining: policy.maxAttempts };
  }

  const outcome = await afterExpiredLock(() => deps.attempts.addFailure(id));
  if (outcome.status === 'LOCKED') {
    return { ...base, verification: 'LOCKED', detail: 'PIN_LOCKED', attemptsRemaining: 0, lockedUntil: outcome.lockedUntil };
  }
  if (outcome.failures >= policy.maxAttempts) {
    const until = new Date(now.getTime() + policy.lockMinutes * 60_000);
    await deps.attempts.lock(id, until, policy.maxAttempts);
    return { ...base, verification: 'LOCKED', detail: 'PIN_LOCKED', attemptsRemaining: 0, lockedUntil: until };
  }
  return { ...base, verification: 'FAILED', detail: 'PIN_WRONG', attemptsRemaining: remaining(policy, outcome.failures) };
};

export interface CallerProfile {
  readonly customerFound: boolean;
  readonly customerId?: string;
  readonly customerName?: string;
  readonly tier?: CustomerTier;
  readonly isVip: boolean;
  readonly preferredLanguage: string;
}

export const callerProfile = (identification: Identification): CallerProfile => {
  const c = identification.customer;
  if (!c) return { customerFound: false, isVip: false, preferredLanguage: 'ko-KR' };
  return {
    customerFound: true,
    customerId: c.customerId,
    customerName: c.name,
    tier: c.tier,
    isVip: isPriorityTier(c.tier),
    preferredLanguage: c.preferredLanguage,
  };
};
