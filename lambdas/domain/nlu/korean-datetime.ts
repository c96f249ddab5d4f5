import { addSeoulDays, fromSeoul, startOfSeoulDay, toSeoul } from '../calendar';

/**
 * Korean date and time expressions resolved in Asia/Seoul: "내일 오후 3시", "다음 주 화요일",
 * "12월 3일", "모레 오전", "3시 반", "오후 세 시", "2026-12-03 15:00", "5일 뒤".
 * Returns what was said (a day, a time, or only a part of the day); the caller decides whether
 * that is enough (a reservation needs both a day and an hour).
 */
export type DayPeriod = 'AM' | 'PM';

export interface KoreanDateTime {
  /** Seoul midnight of the day mentioned */
  readonly day?: Date;
  /** Hour and minute mentioned (24 h, already resolved with 오전/오후 or the business-hours guess) */
  readonly time?: { readonly hour: number; readonly minute: number };
  /** "오전"/"오후" said without an hour */
  readonly period?: DayPeriod;
  /** The instant when both day and time are known */
  readonly at?: Date;
}

const WEEKDAYS: Record<string, number> = { 일: 0, 월: 1, 화: 2, 수: 3, 목: 4, 금: 5, 토: 6 };
const NATIVE_HOURS: Record<string, number> = {
  한: 1, 두: 2, 세: 3, 네: 4, 다섯: 5, 여섯: 6, 일곱: 7, 여덟: 8, 아홉: 9, 열: 10, 열한: 11, 열두: 12,
};
const SINO_DIGITS: Record<string, number> = { 일: 1, 이: 2, 삼: 3, 사: 4, 오: 5, 육: 6, 칠: 7, 팔: 8, 구: 9 };

/** "삼십" → 30, "십오" → 15, "이십사" → 24 (minutes and days in transcripts). */
const sinoNumber = (word: string): number | undefined => {
  if (/^\d+$/.test(word)) return Number(word);
  const m = /^([이삼사오육칠팔구])?(십)?([일이삼사오육칠팔구])?$/.exec(word);
  if (!m || word.length === 0) return undefined;
  const [, tens, ten, ones] = m;
  if (!ten && tens) return undefined;
  return (ten ? (tens ? (SINO_DIGITS[tens] ?? 0) : 1) * 10 : 0) + (ones ? (SINO_DIGITS[ones] ?? 0) : 0);
};

const dayOf = (year: number, month: number, day: number): Date | undefined => {
  const d = fromSeoul(year, month, day);
  const p = toSeoul(d);
  return p.month === month && p.day === day ? d : undefined;
};

const resolveDay = (text: string, now: Date): Date | undefined => {
  const today = startOfSeoulDay(now);
  const nowParts = toSeoul(now);

  let m = /(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})/.exec(text);
  if (m) return dayOf(Number(m[1]), Number(m[2]), Number(m[3]));

  m = /(\d{1,2})\s*월\s*(\d{1,2}|[이삼]?십?[일이삼사오육칠팔구]?)\s*일/.exec(text) ?? /(?<![\d:])(\d{1,2})\s*\/\s*(\d{1,2})(?![\d:])/.exec(text);
  if (m) {
    const month = Number(m[1]);
    const day = sinoNumber(m[2] ?? '') ?? NaN;
    if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31)) return undefined;
    // "12월 3일" means the next such date: this year, or next year when it has passed.
    const thisYear = dayOf(nowParts.year, month, day);
    if (thisYear && thisYear.getTime() >= today.getTime()) return thisYear;
    return dayOf(nowParts.year + 1, month, day);
  }

  m = /(\d{1,3}|[이삼사오육칠팔구]?십?[일이삼사오육칠팔구]?|하루|이틀|사흘|나흘|일주일|한\s*주)\s*(일)?\s*(뒤|후)/.exec(text);
  if (m) {
    const word = (m[1] ?? '').replace(/\s/g, '');
    const named: Record<string, number> = { 하루: 1, 이틀: 2, 사흘: 3, 나흘: 4, 일주일: 7, 한주: 7 };
    const days = named[word] ?? (m[2] ? sinoNumber(word) : undefined);
    if (days !== undefined && days > 0) return addSeoulDays(today, days);
  }

  if (/글피/.test(text)) return addSeoulDays(today, 3);
  if (/모레|내일\s*모레/.test(text)) return addSeoulDays(today, 2);
  if (/내일|낼/.test(text)) return addSeoulDays(today, 1);
  if (/오늘|금일/.test(text)) return today;

  m = /(다다음\s*주|다음\s*주|담주|이번\s*주|금주|이번|다음)?\s*([일월화수목금토])\s*요일/.exec(text);
  if (m) {
    const target = WEEKDAYS[m[2] ?? ''] ?? 0;
    const which = (m[1] ?? '').replace(/\s/g, '');
    // Weeks start on Monday in Korean usage: "다음 주 화요일" is Tuesday of next Monday's week.
    const mondayOffset = (nowParts.weekday + 6) % 7;
    const thisMonday = addSeoulDays(today, -mondayOffset);
    const targetOffset = (target + 6) % 7;
    if (which === '다음주' || which === '담주') return addSeoulDays(thisMonday, 7 + targetOffset);
    if (which === '다다음주') return addSeoulDays(thisMonday, 14 + targetOffset);
    if (which === '이번주' || which === '금주' || which === '이번') return addSeoulDays(thisMonday, targetOffset);
    // A bare weekday ("금요일", "다음 금요일") is the next one to come (today counts).
    const ahead = (target - nowParts.weekday + 7) % 7;
    return addSeoulDays(today, which === '다음' && ahead === 0 ? 7 : ahead);
  }

  m = /(?<![\d월])(\d{1,2})\s*일(?!\s*(뒤|후|간|동안))/.exec(text);
  if (m) {
    const day = Number(m[1]);
    const thisMonth = dayOf(nowParts.year, nowParts.month, day);
    if (thisMonth && thisMonth.getTime() >= today.getTime()) return thisMonth;
    const nextMonth = nowParts.month === 12 ? { y: nowParts.year + 1, m: 1 } : { y: nowParts.year, m: nowParts.month + 1 };
    return dayOf(nextMonth.y, nextMonth.m, day);
  }
  return undefined;
};

const resolvePeriod = (text: string): DayPeriod | undefined => {
  if (/오전|아침|새벽|am\b|a\.m/i.test(text)) return 'AM';
  if (/오후|저녁|밤|낮|pm\b|p\.m/i.test(text)) return 'PM';
  return undefined;
};

const resolveTime = (text: string, period: DayPeriod | undefined): { hour: number; minute: number } | undefined => {
  if (/정오/.test(text)) return { hour: 12, minute: 0 };
  if (/점심\s*(시간|때)?(?!.*시)/.test(text) && !/\d\s*시/.test(text)) return undefined;
  let hour: number | undefined;
  let minute = 0;
  let m = /(?<!\d)([01]?\d|2[0-3])\s*:\s*([0-5]\d)(?!\d)/.exec(text);
  if (m) {
    hour = Number(m[1]);
    minute = Number(m[2]);
  } else {
    m = /(?<!\d)(\d{1,2})\s*시(?:\s*(\d{1,2}|[이삼사오]?십?[일이삼사오육칠팔구]?)\s*분|\s*(반))?/.exec(text);
    if (m) {
      hour = Number(m[1]);
      if (m[3]) minute = 30;
      else if (m[2]) minute = sinoNumber(m[2]) ?? 0;
    } else {
      m = /(열두|열한|열|한|두|세|네|다섯|여섯|일곱|여덟|아홉)\s*시(?:\s*(\d{1,2}|[이삼사오]?십?[일이삼사오육칠팔구]?)\s*분|\s*(반))?/.exec(text);
      if (m) {
        hour = NATIVE_HOURS[m[1] ?? ''];
        if (m[3]) minute = 30;
        else if (m[2]) minute = sinoNumber(m[2]) ?? 0;
      }
    }
  }
  if (hour === undefined || hour > 24 || minute > 59) return undefined;
  if (hour <= 12) {
    if (period === 'PM' && hour < 12) hour += 12;
    else if (period === 'AM' && hour === 12) hour = 0;
    // No 오전/오후: read the hour the way people mean it during business hours ("3시" = 15:00).
    else if (!period && hour >= 1 && hour <= 7) hour += 12;
  }
  return { hour: hour % 24, minute };
};

export const parseKoreanDateTime = (text: string, now: Date): KoreanDateTime => {
  const normalized = text.normalize('NFKC');
  const day = resolveDay(normalized, now);
  const period = resolvePeriod(normalized);
  const time = resolveTime(normalized, period);
  const at = day && time ? new Date(day.getTime() + (time.hour * 60 + time.minute) * 60_000) : undefined;
  return {
    ...(day ? { day } : {}),
    ...(time ? { time } : {}),
    ...(period && !time ? { period } : {}),
    ...(at ? { at } : {}),
  };
};
