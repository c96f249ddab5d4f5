import { randomUUID } from 'node:crypto';
import { toSeoul, type BusinessCalendar } from '../calendar';
import type { Clock } from '../clock';
import { classifyCallerId, type PhoneNumber } from '../phone';
import { isActive, type Callback, type CallbackSource } from './callback';
import { DAY_MS, epochSeconds, type CallbackPolicy } from './policy';
import type { CallbackRepository, SlotCapacity } from './ports';
import { horizonOf, resolveWindow, slotKey, slotsBetween, type OutsideHoursDetail, type SlotCandidate, type SlotPreference } from './slots';

export interface BookingRequest {
  /** Any written form of a Korean number (caller id or DTMF entry). */
  readonly phone: string | null | undefined;
  readonly preference: SlotPreference;
  readonly source: CallbackSource;
  readonly reason?: string;
  readonly customerTier?: string;
  readonly originalIntent?: string;
  readonly customerId?: string;
  /** The inbound contact (or chat session) during which the customer asked. */
  readonly contactId?: string;
}

export type BookingResult =
  | { readonly result: 'BOOKED'; readonly callback: Callback; readonly phone: PhoneNumber }
  | { readonly result: 'DUPLICATE'; readonly callback?: Callback; readonly phone: PhoneNumber }
  | { readonly result: 'INVALID_NUMBER' }
  | { readonly result: 'OUTSIDE_HOURS'; readonly detail: OutsideHoursDetail; readonly day?: Date; readonly holiday?: string; readonly offer?: Date; readonly phone: PhoneNumber }
  | { readonly result: 'TOO_FAR'; readonly offer?: Date; readonly phone: PhoneNumber }
  | { readonly result: 'FULL'; readonly offer?: Date; readonly phone: PhoneNumber };

export interface BookingDeps {
  readonly repository: CallbackRepository;
  readonly capacity: SlotCapacity;
  readonly calendar: BusinessCalendar;
  readonly clock: Clock;
  readonly policy: CallbackPolicy;
  readonly newId?: () => string;
}

/** How many places a full slot is re-read for before giving up (a slot can fill between read and write). */
const MAX_RESERVE_TRIES = 12;

const slotExpiry = (slotStart: Date): number => epochSeconds(new Date(slotStart.getTime() + DAY_MS));

/** The first slot with room from `from` up to the booking horizon (read only: an offer, not a reservation). */
export const firstFreeSlot = async (deps: BookingDeps, from: Date): Promise<Date | undefined> => {
  const now = deps.clock.now();
  const start = from.getTime() > now.getTime() ? from : now;
  const candidates = slotsBetween(deps.calendar, start, horizonOf(now, deps.policy), deps.policy.slotMinutes);
  if (candidates.length === 0) return undefined;
  const counts = await deps.capacity.counts(candidates.map((c) => slotKey(c.slotStart)));
  return candidates.find((c) => (counts.get(slotKey(c.slotStart)) ?? 0) < deps.policy.capacityPerSlot)?.at;
};

/** Takes one place in the first candidate slot with room; undefined when all are full. */
const reserveFirstFree = async (deps: BookingDeps, candidates: readonly SlotCandidate[]): Promise<SlotCandidate | undefined> => {
  if (candidates.length === 0) return undefined;
  const counts = await deps.capacity.counts(candidates.map((c) => slotKey(c.slotStart)));
  const open = candidates.filter((c) => (counts.get(slotKey(c.slotStart)) ?? 0) < deps.policy.capacityPerSlot);
  for (const candidate of open.slice(0, MAX_RESERVE_TRIES)) {
    if (await deps.capacity.reserve(slotKey(candidate.slotStart), deps.policy.capacityPerSlot, slotExpiry(candidate.slotStart))) return candidate;
  }
  return undefined;
};

type LockOutcome = { readonly locked: true } | { readonly locked: false; readonly existing?: Callback };

/**
 * One active callback per phone: the lock item is created with a conditional write (never
 * read-then-write). A lock is only as alive as the callback it names: if that callback ended, or was
 * never written because a booking crashed between its two writes, the lock is taken over, again
 * conditionally, so a crash can never block a number for good.
 */
const lockPhone = async (deps: BookingDeps, phone: PhoneNumber, callbackId: string): Promise<LockOutcome> => {
  const { repository, policy } = deps;
  for (let round = 0; round < 3; round++) {
    const now = deps.clock.now();
    const lockExpiry = epochSeconds(new Date(horizonOf(now, policy).getTime() + 2 * DAY_MS));
    const acquired = await repository.acquireActive(phone.e164, callbackId, now, lockExpiry);
    if (acquired.acquired) return { locked: true };
    const holder = acquired.holder;
    const existing = await repository.get(holder.callbackId);
    if (existing && isActive(existing.status)) return { locked: false, existing };
    const orphanAgeMs = now.getTime() - new Date(holder.createdAt).getTime();
    if (!existing && orphanAgeMs < policy.orphanLockSeconds * 1000) {
      // Another booking for this number is being written right now.
      return { locked: false };
    }
    if (await repository.takeOverActive(phone.e164, holder.callbackId, callbackId, now, lockExpiry)) return { locked: true };
  }
  return { locked: false };
};

/**
 * Books a callback: a valid Korean number, a time in the future inside business hours (Korean public
 * holidays closed) at most `maxDaysAhead` ahead, a place in a 30-minute slot (the next free slot is
 * offered when full), and at most one active callback per number.
 */
export const bookCallback = async (request: BookingRequest, deps: BookingDeps): Promise<BookingResult> => {
  const caller = classifyCallerId(request.phone);
  if (caller.type !== 'valid') return { result: 'INVALID_NUMBER' };
  const phone = caller.phone;
  const { policy, calendar } = deps;
  const now = deps.clock.now();

  const window = resolveWindow(request.preference, now, calendar, policy);
  if (!window.ok) {
    const offer = (await firstFreeSlot(deps, window.offerFrom)) ?? (await firstFreeSlot(deps, now));
    if (window.result === 'TOO_FAR') return { result: 'TOO_FAR', offer, phone };
    return { result: 'OUTSIDE_HOURS', detail: window.detail, day: window.day, holiday: window.holiday, offer, phone };
  }

  const callbackId = deps.newId?.() ?? randomUUID();
  const lock = await lockPhone(deps, phone, callbackId);
  if (!lock.locked) return { result: 'DUPLICATE', callback: lock.existing, phone };

  let chosen: SlotCandidate | undefined;
  try {
    chosen = await reserveFirstFree(deps, window.candidates);
    if (!chosen) {
      await deps.repository.releaseActive(phone.e164, callbackId, deps.clock.now());
      const offer = await firstFreeSlot(deps, window.offerFrom);
      return { result: 'FULL', offer, phone };
    }
    const at = chosen.at;
    const stamp = deps.clock.now().toISOString();
    const callback: Callback = {
      callbackId,
      phoneE164: phone.e164,
      status: 'PENDING',
      scheduledAt: at.toISOString(),
      slotStart: chosen.slotStart.toISOString(),
      scheduledDay: toSeoul(at).dateKey,
      dueAt: at.toISOString(),
      attempts: 0,
      maxAttempts: policy.maxAttempts,
      source: request.source,
      reason: request.reason?.trim() || '콜백 요청',
      customerTier: request.customerTier?.trim() || 'REGULAR',
      originalIntent: request.originalIntent?.trim() || '',
      customerId: request.customerId?.trim() || undefined,
      bookedContactId: request.contactId,
      createdAt: stamp,
      updatedAt: stamp,
      history: [{ at: stamp, event: 'BOOKED', status: 'PENDING', by: request.source === 'OPERATOR' ? 'operator' : 'customer', attempt: 0, detail: request.preference.kind }],
    };
    await deps.repository.create(callback);
    return { result: 'BOOKED', callback, phone };
  } catch (error) {
    // Give back what this booking took so a failed write neither blocks the number nor eats a place.
    await Promise.allSettled([
      deps.repository.releaseActive(phone.e164, callbackId, deps.clock.now()),
      ...(chosen ? [deps.capacity.release(slotKey(chosen.slotStart))] : []),
    ]);
    throw error;
  }
};

/** Whether a booked time is the earliest possible (so the message says "from ... in order"). */
export const isAsapBooking = (callback: Callback): boolean => callback.history[0]?.detail === 'ASAP';
