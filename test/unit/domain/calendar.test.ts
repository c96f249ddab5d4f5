import {
  BusinessCalendar,
  formatKoreanDateTime,
  formatKoreanDateTimeSpoken,
  fromSeoul,
  holidayListCovers,
  parseBusinessHours,
  publicHolidayNames,
  toSeoul,
  toSeoulIso,
} from '@domain/calendar';
import { ConfigError } from '@domain/errors';

const cal = new BusinessCalendar();
const kst = (iso: string) => new Date(`${iso}+09:00`);

describe('Seoul clock', () => {
  it('converts a UTC instant to Seoul wall-clock parts (Lambda runs in UTC)', () => {
    expect(toSeoul(new Date('2026-11-23T15:30:00Z'))).toMatchObject({ dateKey: '2026-11-24', hour: 0, minute: 30, weekday: 2 });
    expect(fromSeoul(2026, 11, 24, 10).toISOString()).toBe('2026-11-24T01:00:00.000Z');
    expect(toSeoulIso(new Date('2026-11-24T01:00:00Z'))).toBe('2026-11-24T10:00:00+09:00');
  });

  it('formats Korean dates for screens and for speech', () => {
    expect(formatKoreanDateTime(kst('2026-11-24T10:00:00'))).toBe('11월 24일 (화) 오전 10시');
    expect(formatKoreanDateTime(kst('2026-11-23T14:30:00'))).toBe('11월 23일 (월) 오후 2시 30분');
    expect(formatKoreanDateTime(kst('2026-11-23T12:00:00'))).toBe('11월 23일 (월) 오후 12시');
    expect(formatKoreanDateTimeSpoken(kst('2026-11-23T10:00:00'))).toBe('11월 23일 월요일 오전 10시');
  });
});

describe('Korean public holidays', () => {
  it.each([
    ['2026-01-01', '1월 1일'],
    ['2026-02-17', '설날'],
    ['2026-03-02', '대체공휴일'],
    ['2026-05-25', '대체공휴일'],
    ['2026-09-25', '추석'],
    ['2026-12-25', '기독탄신일'],
    ['2027-02-08', '설날'],
  ])('knows %s (%s)', (date, name) => {
    expect(publicHolidayNames(date)?.join()).toContain(name);
  });

  it('is not fooled by ordinary days', () => {
    expect(publicHolidayNames('2026-11-24')).toBeUndefined();
  });

  it('falls back to fixed solar holidays for years the gazette list does not cover yet', () => {
    expect(holidayListCovers(2031)).toBe(false);
    expect(publicHolidayNames('2031-10-09')).toEqual(['한글날']);
    expect(publicHolidayNames('2031-10-10')).toBeUndefined();
  });
});

describe('business calendar (default weekdays 09:00–18:00)', () => {
  it('is open on a weekday inside hours only', () => {
    expect(cal.isOpen(kst('2026-11-24T09:00:00'))).toBe(true);
    expect(cal.isOpen(kst('2026-11-24T17:59:00'))).toBe(true);
    expect(cal.isOpen(kst('2026-11-24T18:00:00'))).toBe(false);
    expect(cal.isOpen(kst('2026-11-24T08:59:00'))).toBe(false);
    expect(cal.isOpen(kst('2026-11-21T11:00:00'))).toBe(false); // Saturday
  });

  it('is closed on a weekday public holiday, lunar ones included', () => {
    expect(cal.isOpen(kst('2026-09-24T11:00:00'))).toBe(false); // 추석 전날 (Thu)
    expect(cal.closureReason('2026-09-25', 5)).toContain('추석');
  });

  it('finds the next opening across a weekend and a holiday', () => {
    expect(cal.nextOpen(kst('2026-11-20T19:00:00')).toISOString()).toBe(kst('2026-11-23T09:00:00').toISOString());
    // Wed 2026-09-23 evening → 추석 Thu–Sat → Sunday → Monday 09:00
    expect(cal.nextOpen(kst('2026-09-23T18:30:00')).toISOString()).toBe(kst('2026-09-28T09:00:00').toISOString());
    const open = kst('2026-11-24T10:15:00');
    expect(cal.nextOpen(open)).toBe(open);
  });

  it('offers the next whole slot that fits before closing', () => {
    expect(cal.nextSlot(kst('2026-11-24T10:10:00'), 30).toISOString()).toBe(kst('2026-11-24T10:30:00').toISOString());
    expect(cal.nextSlot(kst('2026-11-24T17:40:00'), 30).toISOString()).toBe(kst('2026-11-25T09:00:00').toISOString());
    expect(cal.nextSlot(kst('2026-12-24T17:45:00'), 30).toISOString()).toBe(kst('2026-12-28T09:00:00').toISOString());
  });

  it('reads configured hours, including Saturdays and company closures', () => {
    const custom = new BusinessCalendar(parseBusinessHours('mon-fri 09:30-17:30; sat 10:00-13:00', ['2026-11-24']));
    expect(custom.isOpen(kst('2026-11-21T10:30:00'))).toBe(true);
    expect(custom.isOpen(kst('2026-11-23T09:15:00'))).toBe(false);
    expect(custom.isOpen(kst('2026-11-24T11:00:00'))).toBe(false);
    expect(custom.closureReason('2026-11-24', 2)).toBe('휴무일');
  });

  it.each(['mon-fri 9-18', 'funday 09:00-18:00', 'mon 18:00-09:00', 'mon-fri 09:00-25:00'])('rejects bad hours configuration %j', (spec) => {
    expect(() => parseBusinessHours(spec)).toThrow(ConfigError);
  });
});
