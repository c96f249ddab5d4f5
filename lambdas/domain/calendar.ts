import { y2018, y2019, y2020, y2021, y2022, y2023, y2024, y2025, y2026, y2027 } from '@hyunbinseo/holidays-kr/all';
import { ConfigError } from './errors';

/**
 * Business calendar in Asia/Seoul (UTC+9, no daylight saving) while Lambdas run in UTC.
 * Korean public holidays come from the official gazette list published by @hyunbinseo/holidays-kr
 * (lunar holidays, substitute holidays and election days included).
 */
const SEOUL_OFFSET_MS = 9 * 60 * 60 * 1000;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const GAZETTE: Readonly<Record<string, readonly string[]>> = {
  ...y2018, ...y2019, ...y2020, ...y2021, ...y2022, ...y2023, ...y2024, ...y2025, ...y2026, ...y2027,
};
const GAZETTE_YEARS = new Set(Object.keys(GAZETTE).map((d) => Number(d.slice(0, 4))));

/** Solar holidays that never move; used only for years the gazette list does not cover yet. */
const FIXED_SOLAR: Readonly<Record<string, string>> = {
  '01-01': '1월 1일', '03-01': '3ㆍ1절', '05-05': '어린이날', '06-06': '현충일',
  '08-15': '광복절', '10-03': '개천절', '10-09': '한글날', '12-25': '기독탄신일',
};

export const WEEKDAYS_KO = ['일', '월', '화', '수', '목', '금', '토'] as const;

export interface SeoulParts {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  weekday: number; // 0 = Sunday
  /** `YYYY-MM-DD` in Seoul */
  dateKey: string;
  /** minutes since Seoul midnight */
  minuteOfDay: number;
}

const pad = (n: number): string => String(n).padStart(2, '0');

export const toSeoul = (at: Date): SeoulParts => {
  const shifted = new Date(at.getTime() + SEOUL_OFFSET_MS);
  const year = shifted.getUTCFullYear();
  const month = shifted.getUTCMonth() + 1;
  const day = shifted.getUTCDate();
  const hour = shifted.getUTCHours();
  const minute = shifted.getUTCMinutes();
  return {
    year, month, day, hour, minute,
    weekday: shifted.getUTCDay(),
    dateKey: `${year}-${pad(month)}-${pad(day)}`,
    minuteOfDay: hour * 60 + minute,
  };
};

/** The instant of a Seoul wall-clock time. */
export const fromSeoul = (year: number, month: number, day: number, hour = 0, minute = 0): Date =>
  new Date(Date.UTC(year, month - 1, day, hour, minute) - SEOUL_OFFSET_MS);

/** Seoul midnight of the day `at` falls in. */
export const startOfSeoulDay = (at: Date): Date => {
  const p = toSeoul(at);
  return fromSeoul(p.year, p.month, p.day);
};

export const addSeoulDays = (at: Date, days: number): Date => new Date(at.getTime() + days * DAY);

export const dateKeyToDate = (dateKey: string): Date => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateKey);
  if (!m) throw new RangeError(`not a date key: ${dateKey}`);
  return fromSeoul(Number(m[1]), Number(m[2]), Number(m[3]));
};

export interface OpeningInterval {
  /** minutes since midnight */
  open: number;
  close: number;
}

/** Opening hours per weekday (0 = Sunday); a missing day is closed. */
export interface BusinessHoursConfig {
  readonly weekly: Readonly<Partial<Record<number, OpeningInterval>>>;
  readonly closedOnPublicHolidays: boolean;
  /** Company-specific closures (`YYYY-MM-DD`), e.g. 창립기념일. */
  readonly extraClosedDates: readonly string[];
}

const DAY_NAMES: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

const parseTime = (value: string): number => {
  const m = /^([01]?\d|2[0-4]):([0-5]\d)$/.exec(value.trim());
  if (!m) throw new ConfigError(`business hours: bad time "${value}" (use HH:MM)`);
  return Number(m[1]) * 60 + Number(m[2]);
};

/**
 * Parses `mon-fri 09:00-18:00; sat 10:00-13:00` (days: sun..sat, ranges or comma lists).
 * The default is weekdays 09:00–18:00.
 */
export const parseBusinessHours = (spec = 'mon-fri 09:00-18:00', extraClosedDates: readonly string[] = [], closedOnPublicHolidays = true): BusinessHoursConfig => {
  const weekly: Partial<Record<number, OpeningInterval>> = {};
  for (const part of spec.split(';').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([a-z,\s-]+)\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})$/i.exec(part);
    if (!m) throw new ConfigError(`business hours: cannot read "${part}" (expected e.g. "mon-fri 09:00-18:00")`);
    const [, daysSpec = '', openText = '', closeText = ''] = m;
    const open = parseTime(openText);
    const close = parseTime(closeText);
    if (close <= open) throw new ConfigError(`business hours: "${part}" closes before it opens`);
    for (const token of daysSpec.toLowerCase().split(',').map((s) => s.trim())) {
      const [from, to = from] = token.split('-').map((s) => s.trim());
      const a = DAY_NAMES[from ?? ''];
      const b = DAY_NAMES[to ?? ''];
      if (a === undefined || b === undefined) throw new ConfigError(`business hours: unknown day in "${token}"`);
      for (let d = a; ; d = (d + 1) % 7) {
        weekly[d] = { open, close };
        if (d === b) break;
      }
    }
  }
  for (const date of extraClosedDates) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new ConfigError(`business hours: bad closed date "${date}"`);
  }
  return { weekly, closedOnPublicHolidays, extraClosedDates: [...extraClosedDates] };
};

export const DEFAULT_BUSINESS_HOURS = parseBusinessHours();

/** Korean public holiday name(s) for a Seoul date key, or undefined. */
export const publicHolidayNames = (dateKey: string): readonly string[] | undefined => {
  const listed = GAZETTE[dateKey];
  if (listed) return listed;
  const year = Number(dateKey.slice(0, 4));
  if (GAZETTE_YEARS.has(year)) return undefined;
  const fixed = FIXED_SOLAR[dateKey.slice(5)];
  return fixed ? [fixed] : undefined;
};

/** Whether the official holiday list covers this year (otherwise only fixed solar holidays are known). */
export const holidayListCovers = (year: number): boolean => GAZETTE_YEARS.has(year);

export class BusinessCalendar {
  readonly #extraClosed: Set<string>;
  constructor(readonly config: BusinessHoursConfig = DEFAULT_BUSINESS_HOURS) {
    this.#extraClosed = new Set(config.extraClosedDates);
  }

  /** Why a Seoul day is closed, if it is: holiday name, 휴무일, or undefined when it opens. */
  closureReason(dateKey: string, weekday: number): string | undefined {
    if (this.#extraClosed.has(dateKey)) return '휴무일';
    if (this.config.closedOnPublicHolidays) {
      const names = publicHolidayNames(dateKey);
      if (names) return names.join(', ');
    }
    if (!this.config.weekly[weekday]) return '휴무일';
    return undefined;
  }

  /** Opening interval of the Seoul day containing `at`, or undefined when closed all day. */
  hoursOn(at: Date): OpeningInterval | undefined {
    const p = toSeoul(at);
    if (this.closureReason(p.dateKey, p.weekday)) return undefined;
    return this.config.weekly[p.weekday];
  }

  isBusinessDay(at: Date): boolean {
    return this.hoursOn(at) !== undefined;
  }

  isOpen(at: Date): boolean {
    const hours = this.hoursOn(at);
    if (!hours) return false;
    const m = toSeoul(at).minuteOfDay;
    return m >= hours.open && m < hours.close;
  }

  /** `at` itself when open, otherwise the next opening instant (searching up to 60 days ahead). */
  nextOpen(at: Date): Date {
    if (this.isOpen(at)) return at;
    let day = startOfSeoulDay(at);
    for (let i = 0; i <= 60; i++, day = addSeoulDays(day, 1)) {
      const hours = this.hoursOn(day);
      if (!hours) continue;
      const opening = new Date(day.getTime() + hours.open * MINUTE);
      if (opening.getTime() >= at.getTime()) return opening;
    }
    throw new ConfigError('business calendar: no opening in the next 60 days');
  }

  /** When the current opening period ends (undefined when closed). */
  closingTime(at: Date): Date | undefined {
    if (!this.isOpen(at)) return undefined;
    const hours = this.hoursOn(at);
    return hours ? new Date(startOfSeoulDay(at).getTime() + hours.close * MINUTE) : undefined;
  }

  /**
   * The first slot start (aligned to `slotMinutes` from Seoul midnight) at or after `from`
   * whose whole slot fits inside opening hours.
   */
  nextSlot(from: Date, slotMinutes = 30): Date {
    let candidate = from;
    for (let guard = 0; guard < 500; guard++) {
      const open = this.nextOpen(candidate);
      const dayStart = startOfSeoulDay(open);
      const offset = Math.ceil((open.getTime() - dayStart.getTime()) / (slotMinutes * MINUTE)) * slotMinutes;
      const slot = new Date(dayStart.getTime() + offset * MINUTE);
      const hours = this.hoursOn(slot);
      if (hours && toSeoul(slot).minuteOfDay + slotMinutes <= hours.close && toSeoul(slot).minuteOfDay >= hours.open) return slot;
      candidate = addSeoulDays(dayStart, 1);
    }
    throw new ConfigError('business calendar: no slot found');
  }

  /** Business days between two instants' Seoul dates (same day = 0). */
  businessDaysBetween(from: Date, to: Date): number {
    let count = 0;
    for (let d = startOfSeoulDay(from); d.getTime() < startOfSeoulDay(to).getTime(); d = addSeoulDays(d, 1)) {
      if (this.isBusinessDay(addSeoulDays(d, 1))) count++;
    }
    return count;
  }
}

const hourText = (hour: number, minute: number): string => {
  const period = hour < 12 ? '오전' : '오후';
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return `${period} ${h12}시${minute ? ` ${minute}분` : ''}`;
};

/** `11월 24일 (월) 오전 10시` (screens, chat) */
export const formatKoreanDateTime = (at: Date): string => {
  const p = toSeoul(at);
  return `${p.month}월 ${p.day}일 (${WEEKDAYS_KO[p.weekday]}) ${hourText(p.hour, p.minute)}`;
};

/** `11월 24일 월요일 오전 10시` (speakable by Polly, no brackets) */
export const formatKoreanDateTimeSpoken = (at: Date): string => {
  const p = toSeoul(at);
  return `${p.month}월 ${p.day}일 ${WEEKDAYS_KO[p.weekday]}요일 ${hourText(p.hour, p.minute)}`;
};

/** `11월 24일 (월)` */
export const formatKoreanDate = (at: Date): string => {
  const p = toSeoul(at);
  return `${p.month}월 ${p.day}일 (${WEEKDAYS_KO[p.weekday]})`;
};

export const formatKoreanTime = (at: Date): string => {
  const p = toSeoul(at);
  return hourText(p.hour, p.minute);
};

/** ISO 8601 with the Seoul offset: `2026-11-24T10:00:00+09:00`. */
export const toSeoulIso = (at: Date): string => {
  const p = toSeoul(at);
  const s = new Date(at.getTime() + SEOUL_OFFSET_MS).getUTCSeconds();
  return `${p.dateKey}T${pad(p.hour)}:${pad(p.minute)}:${pad(s)}+09:00`;
};
