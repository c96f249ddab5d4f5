import { toSeoulIso } from '@domain/calendar';
import { extractEntities, findOrderNumber, findPhoneNumber, spokenDigitsToNumber } from '@domain/nlu/entities';
import { parseKoreanDateTime } from '@domain/nlu/korean-datetime';

// Tuesday 24 November 2026, 10:00 in Seoul.
const NOW = new Date('2026-11-24T01:00:00Z');
const at = (text: string) => {
  const r = parseKoreanDateTime(text, NOW);
  return r.at ? toSeoulIso(r.at) : undefined;
};
const day = (text: string) => {
  const r = parseKoreanDateTime(text, NOW);
  return r.day ? toSeoulIso(r.day).slice(0, 10) : undefined;
};

describe('Korean dates and times in Asia/Seoul', () => {
  it.each([
    ['내일 오후 3시', '2026-11-25T15:00:00+09:00'],
    ['모레 오전 10시 30분', '2026-11-26T10:30:00+09:00'],
    ['다음 주 화요일 오후 2시', '2026-12-01T14:00:00+09:00'],
    ['이번 주 금요일 11시', '2026-11-27T11:00:00+09:00'],
    ['12월 3일 3시 반', '2026-12-03T15:30:00+09:00'],
    ['12/3 오후 세 시', '2026-12-03T15:00:00+09:00'],
    ['2026-12-10 16:00', '2026-12-10T16:00:00+09:00'],
    ['3일 뒤 오전 9시', '2026-11-27T09:00:00+09:00'],
    ['오늘 정오', '2026-11-24T12:00:00+09:00'],
  ])('"%s" → %s', (text, expected) => {
    expect(at(text)).toBe(expected);
  });

  it('reads "모레 오전" as a day and a part of the day, without inventing an hour', () => {
    const r = parseKoreanDateTime('모레 오전', NOW);
    expect(day('모레 오전')).toBe('2026-11-26');
    expect(r.period).toBe('AM');
    expect(r.time).toBeUndefined();
    expect(r.at).toBeUndefined();
  });

  it('puts a date that has passed this year into next year', () => {
    expect(day('1월 5일')).toBe('2027-01-05');
    expect(day('11월 30일')).toBe('2026-11-30');
  });

  it('takes a bare weekday as the next one to come, and "다음 주" as next week', () => {
    expect(day('수요일')).toBe('2026-11-25');
    expect(day('화요일')).toBe('2026-11-24');
    expect(day('월요일')).toBe('2026-11-30');
    expect(day('다음 주 월요일')).toBe('2026-11-30');
    expect(day('다다음주 수요일')).toBe('2026-12-09');
  });

  it('reads hours without 오전/오후 the way people mean them in business hours', () => {
    expect(parseKoreanDateTime('3시', NOW).time).toEqual({ hour: 15, minute: 0 });
    expect(parseKoreanDateTime('10시', NOW).time).toEqual({ hour: 10, minute: 0 });
    expect(parseKoreanDateTime('저녁 7시', NOW).time).toEqual({ hour: 19, minute: 0 });
  });

  it('rejects impossible dates', () => {
    expect(day('2월 30일')).toBeUndefined();
    expect(parseKoreanDateTime('배송 언제 와요', NOW)).toEqual({});
  });
});

describe('other entities', () => {
  it('finds phone numbers in any written or spoken form (shared parser)', () => {
    expect(findPhoneNumber('제 번호는 010-2345-6789 입니다')?.e164).toBe('+821023456789');
    expect(findPhoneNumber('01023456789로 연락 주세요')?.masked).toBe('010-****-6789');
    expect(findPhoneNumber('공일공 이삼사오 육칠팔구')?.e164).toBe('+821023456789');
    expect(spokenDigitsToNumber('공일공 일이삼사 오육칠팔')).toBe('01012345678');
    expect(findPhoneNumber('12345')).toBeUndefined();
  });

  it('finds order numbers and never mistakes a phone number for one', () => {
    expect(findOrderNumber('주문번호 20261124-0012345 확인해 주세요')).toBe('20261124-0012345');
    expect(findOrderNumber('ORD-20261120-001 취소요')).toBe('20261120-001');
    expect(findOrderNumber('010-2345-6789')).toBeUndefined();
  });

  it('names catalogue products mentioned in passing', () => {
    const e = extractEntities('무선청소기 내일 오후 3시에 설치 가능해요?', NOW);
    expect(e.productId).toBe('P-101');
    expect(e.dateTime?.at && toSeoulIso(e.dateTime.at)).toBe('2026-11-25T15:00:00+09:00');
  });
});
