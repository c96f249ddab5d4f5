import { addSeoulDays, startOfSeoulDay, toSeoul, type BusinessCalendar } from '../calendar';
import { DAY_MS, MINUTE_MS, type CallbackPolicy } from './policy';

/**
 * When the customer wants the call back, and which 30-minute capacity slots satisfy that.
 * Everything here is pure: the business calendar (Seoul hours, Korean public holidays) and the clock
 * are passed in.
 */
export type SlotPreference =
  | { readonly kind: 'ASAP' }
  | { readonly kind: 'TODAY_AFTERNOON' }
  | { readonly kind: 'TOMORROW_MORNING' }
  | { readonly kind: 'AT'; readonly at: Date };

/** The IVR menu: 1 = 가능한 빨리, 2 = 오늘 오후, 3 = 내일 오전. */
export const DTMF_SLOT_CHOICES: Readonly<Record<string, SlotPreference['kind']>> = {
  '1': 'ASAP',
  '2': 'TODAY_AFTERNOON',
  '3': 'TOMORROW_MORNING',
};

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Reads the flow's or the bot's request: `slot` (DTMF digit or the choice name) and/or `requestedAt`
 * (ISO 8601 with an offset: a bare local time is ambiguous between UTC and Seoul and is refused).
 * Nothing at all means "as soon as possible". Undefined when the request cannot be understood.
 */
export const parseSlotPreference = (input: { readonly slot?: string; readonly requestedAt?: string }): SlotPreference | undefined => {
  const requestedAt = input.requestedAt?.trim();
  if (requestedAt) {
    if (!ISO_WITH_ZONE.test(requestedAt)) return undefined;
    const at = new Date(requestedAt);
    return Number.isNaN(at.getTime()) ? undefined : { kind: 'AT', at };
  }
  const slot = input.slot?.trim().toUpperCase();
  if (!slot) return { kind: 'ASAP' };
  const kind = DTMF_SLOT_CHOICES[slot] ?? (Object.values(DTMF_SLOT_CHOICES).includes(slot as SlotPreference['kind']) ? (slot as SlotPreference['kind']) : undefined);
  return kind && kind !== 'AT' ? ({ kind } as SlotPreference) : undefined;
};

export type OutsideHoursDetail = 'PAST' | 'HOLIDAY' | 'CLOSED_DAY' | 'AFTER_HOURS' | 'AFTERNOON_OVER' | 'NO_MORNING_HOURS';

/** One bookable place: the capacity slot it counts against, and the time promised. */
export interface SlotCandidate {
  readonly slotStart: Date;
  readonly at: Date;
}

export type ResolvedWindow =
  | { readonly ok: true; readonly candidates: readonly SlotCandidate[]; readonly offerFrom: Date }
  | { readonly ok: false; readonly result: 'OUTSIDE_HOURS'; readonly detail: OutsideHoursDetail; readonly day?: Date; readonly holiday?: string; readonly offerFrom: Date }
  | { readonly ok: false; readonly result: 'TOO_FAR'; readonly offerFrom: Date };

export const slotKey = (slotStart: Date): string => slotStart.toISOString();

/** Start of the slot `at` falls in (slots are aligned to Seoul midnight). */
export const floorSlot = (at: Date, slotMinutes: number): Date => {
  const dayStart = startOfSeoulDay(at).getTime();
  const size = slotMinutes * MINUTE_MS;
  return new Date(dayStart + Math.floor((at.getTime() - dayStart) / size) * size);
};

export const horizonOf = (now: Date, policy: CallbackPolicy): Date => new Date(now.getTime() + policy.maxDaysAhead * DAY_MS);

/**
 * Every bookable slot from `from` (the slot it falls in counts when `from` is inside opening hours,
 * promised at `from` itself) up to `until`, skipping closed hours, weekends and holidays.
 */
export const slotsBetween = (calendar: BusinessCalendar, from: Date, until: Date, slotMinutes: number, max = 500): SlotCandidate[] => {
  const out: SlotCandidate[] = [];
  const size = slotMinutes * MINUTE_MS;
  const first = floorSlot(from, slotMinutes);
  let slot = calendar.isOpen(from) ? first : calendar.nextSlot(from, slotMinutes);
  while (slot.getTime() < until.getTime() && out.length < max) {
    const at = slot.getTime() < from.getTime() ? from : slot;
    out.push({ slotStart: slot, at });
    const next = new Date(slot.getTime() + size);
    slot = calendar.isOpen(next) ? next : calendar.nextSlot(next, slotMinutes);
  }
  return out;
};

const closure = (calendar: BusinessCalendar, day: Date): { detail: 'HOLIDAY' | 'CLOSED_DAY'; holiday?: string } => {
  const p = toSeoul(day);
  const reason = calendar.closureReason(p.dateKey, p.weekday);
  return reason && reason !== '휴무일' ? { detail: 'HOLIDAY', holiday: reason } : { detail: 'CLOSED_DAY' };
};

const atMinute = (day: Date, minuteOfDay: number): Date => new Date(startOfSeoulDay(day).getTime() + minuteOfDay * MINUTE_MS);

/** Turns a preference into candidate slots, or says why it cannot be booked (and from when to offer another time). */
export const resolveWindow = (preference: SlotPreference, now: Date, calendar: BusinessCalendar, policy: CallbackPolicy): ResolvedWindow => {
  const horizon = horizonOf(now, policy);
  const slots = (from: Date, until: Date) => slotsBetween(calendar, from, until.getTime() < horizon.getTime() ? until : horizon, policy.slotMinutes);

  switch (preference.kind) {
    case 'ASAP':
      return { ok: true, candidates: slots(now, horizon), offerFrom: horizon };

    case 'TODAY_AFTERNOON': {
      const hours = calendar.hoursOn(now);
      if (!hours) return { ok: false, result: 'OUTSIDE_HOURS', ...closure(calendar, now), day: now, offerFrom: now };
      const start = atMinute(now, Math.max(hours.open, policy.afternoonStartMinute));
      const end = atMinute(now, hours.close);
      if (end.getTime() <= now.getTime() || start.getTime() >= end.getTime()) {
        return { ok: false, result: 'OUTSIDE_HOURS', detail: 'AFTERNOON_OVER', day: now, offerFrom: now };
      }
      const from = start.getTime() > now.getTime() ? start : now;
      return { ok: true, candidates: slots(from, end), offerFrom: end };
    }

    case 'TOMORROW_MORNING': {
      const tomorrow = addSeoulDays(startOfSeoulDay(now), 1);
      const hours = calendar.hoursOn(tomorrow);
      if (!hours) return { ok: false, result: 'OUTSIDE_HOURS', ...closure(calendar, tomorrow), day: tomorrow, offerFrom: tomorrow };
      const start = atMinute(tomorrow, hours.open);
      const end = atMinute(tomorrow, Math.min(hours.close, policy.afternoonStartMinute));
      if (end.getTime() <= start.getTime()) return { ok: false, result: 'OUTSIDE_HOURS', detail: 'NO_MORNING_HOURS', day: tomorrow, offerFrom: tomorrow };
      return { ok: true, candidates: slots(start, end), offerFrom: end };
    }

    case 'AT': {
      const { at } = preference;
      if (at.getTime() <= now.getTime()) return { ok: false, result: 'OUTSIDE_HOURS', detail: 'PAST', offerFrom: now };
      if (at.getTime() > horizon.getTime()) return { ok: false, result: 'TOO_FAR', offerFrom: now };
      if (!calendar.isBusinessDay(at)) return { ok: false, result: 'OUTSIDE_HOURS', ...closure(calendar, at), day: at, offerFrom: at };
      if (!calendar.isOpen(at)) return { ok: false, result: 'OUTSIDE_HOURS', detail: 'AFTER_HOURS', day: at, offerFrom: at };
      const slotStart = floorSlot(at, policy.slotMinutes);
      return { ok: true, candidates: [{ slotStart, at }], offerFrom: new Date(slotStart.getTime() + policy.slotMinutes * MINUTE_MS) };
    }
  }
};

/** When the next attempt goes out: after the retry delay, moved to the next open slot when that falls outside hours. */
export const nextAttemptAt = (now: Date, calendar: BusinessCalendar, policy: CallbackPolicy): Date => {
  const after = new Date(now.getTime() + policy.retryDelayMinutes * MINUTE_MS);
  return calendar.isOpen(after) ? after : calendar.nextSlot(after, policy.slotMinutes);
};
