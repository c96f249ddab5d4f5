/**
 * A customer callback: the promise, made when agents are busy or the center is closed, that an agent
 * will call the customer back. Lifecycle:
 *
 *   PENDING ──claim (lease)──▶ DIALING ──connected──▶ COMPLETED
 *      ▲                          │
 *      └── no answer / busy / ────┤ (attempts < max: retry after 15 min, next open slot)
 *          lease expired          └── attempts exhausted / number rejected ──▶ FAILED
 *   PENDING | DIALING ──customer or operator──▶ CANCELLED
 *
 * Every change appends a {@link HistoryEntry}; an ended callback expires (TTL) 90 days later.
 */
export const CALLBACK_STATUSES = ['PENDING', 'DIALING', 'COMPLETED', 'FAILED', 'CANCELLED'] as const;
export type CallbackStatus = (typeof CALLBACK_STATUSES)[number];

export const ACTIVE_STATUSES: readonly CallbackStatus[] = ['PENDING', 'DIALING'];
export const isActive = (status: CallbackStatus): boolean => ACTIVE_STATUSES.includes(status);

/** Where the booking came from. */
export const CALLBACK_SOURCES = ['IVR', 'KAKAO', 'OPERATOR', 'API'] as const;
export type CallbackSource = (typeof CALLBACK_SOURCES)[number];

/** What one dial attempt ended with. `NO_RESULT`: the lease expired after dialing without any report. */
export const DIAL_OUTCOMES = ['CONNECTED', 'NO_ANSWER', 'BUSY', 'FAILED', 'DECLINED', 'NO_RESULT'] as const;
export type DialOutcome = (typeof DIAL_OUTCOMES)[number];

export type HistoryEvent =
  | 'BOOKED'
  | 'CLAIMED'
  | 'DIALED'
  | 'DIAL_DEFERRED'
  | 'DIAL_REJECTED'
  | 'LEASE_EXPIRED'
  | 'CONNECTED'
  | 'RETRY_SCHEDULED'
  | 'ATTEMPTS_EXHAUSTED'
  | 'DECLINED'
  | 'CANCELLED';

export interface HistoryEntry {
  /** ISO instant */
  readonly at: string;
  readonly event: HistoryEvent;
  /** Status after the change */
  readonly status: CallbackStatus;
  /** Who made the change: `customer`, `operator:<id>`, `dispatcher:<run>`, `connect`, `flow` */
  readonly by: string;
  readonly attempt: number;
  readonly detail?: string;
}

export interface Callback {
  readonly callbackId: string;
  readonly phoneE164: string;
  readonly status: CallbackStatus;
  /** The time promised to the customer (ISO). */
  readonly scheduledAt: string;
  /** Start of the 30-minute capacity slot the booking holds (ISO). */
  readonly slotStart: string;
  /** Seoul day of `scheduledAt` (`YYYY-MM-DD`), for listing by day. */
  readonly scheduledDay: string;
  /**
   * When the dispatcher next has to look at the item (ISO): the next attempt while PENDING, the lease
   * expiry while DIALING, the end time once finished.
   */
  readonly dueAt: string;
  /** Dial attempts started so far (the current one included while DIALING). */
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly source: CallbackSource;
  readonly reason: string;
  readonly customerTier: string;
  readonly originalIntent: string;
  readonly customerId?: string;
  /** The inbound contact during which the customer booked. */
  readonly bookedContactId?: string;
  /** The outbound contact of the latest attempt, once Connect accepted the dial. */
  readonly contactId?: string;
  /** The attempt `contactId` belongs to. */
  readonly dialedAttempt?: number;
  /** Current claim of a dispatcher run while DIALING. */
  readonly leaseId?: string;
  readonly lastOutcome?: DialOutcome;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly endedAt?: string;
  /** TTL, epoch seconds (set when the callback ends). */
  readonly expiresAt?: number;
  readonly history: readonly HistoryEntry[];
}

/**
 * Connect's `ClientToken` for one dial attempt: deterministic, so retrying the same attempt after a
 * timeout or a crash can never place a second call (Connect keeps tokens for 7 days), while the next
 * attempt gets a new token. Well under the 500-character limit.
 */
export const clientTokenFor = (callbackId: string, attempt: number): string => `callback-${callbackId}-attempt-${attempt}`.slice(0, 500);

/** Contact attributes the agent sees (all strings, as Connect requires). */
export const outboundAttributes = (callback: Callback, attempt: number): Record<string, string> => ({
  callbackId: callback.callbackId,
  callbackAttempt: String(attempt),
  callbackMaxAttempts: String(callback.maxAttempts),
  callbackReason: callback.reason,
  customerTier: callback.customerTier,
  originalIntent: callback.originalIntent,
  scheduledAt: callback.scheduledAt,
  bookedVia: callback.source,
  ...(callback.customerId ? { customerId: callback.customerId } : {}),
  ...(callback.bookedContactId ? { bookedContactId: callback.bookedContactId } : {}),
});
