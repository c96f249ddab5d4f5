import { formatKoreanDateTimeSpoken, toSeoul, WEEKDAYS_KO } from '../calendar';
import type { OutsideHoursDetail } from './slots';

/**
 * Everything the customer hears or reads about a callback, in one place for review and translation.
 * Sentences are written to be spoken by Polly (Seoyeon): no brackets, no symbols, times as words
 * ("11월 24일 월요일 오전 10시").
 */
const spokenDay = (at: Date): string => {
  const p = toSeoul(at);
  return `${p.month}월 ${p.day}일 ${WEEKDAYS_KO[p.weekday]}요일`;
};

/** 은/는, 이/가, 이라/라...: picks the particle by whether the word ends in a final consonant (받침). */
export const particle = (word: string, withBatchim: string, withoutBatchim: string): string => {
  const last = word.trim().slice(-1);
  const code = last.charCodeAt(0);
  if (code >= 0xac00 && code <= 0xd7a3) return (code - 0xac00) % 28 === 0 ? withoutBatchim : withBatchim;
  // Digits read in Korean: 0 영, 1 일, 3 삼, 6 육, 7 칠, 8 팔 end in a consonant; 2 이, 4 사, 5 오, 9 구 do not.
  if (/[013678]$/.test(last)) return withBatchim;
  if (/[2459]$/.test(last)) return withoutBatchim;
  return withBatchim;
};

/** `대체공휴일(개천절)` → `개천절 대체공휴일`: gazette names may hold brackets, which Polly would read out. */
export const speakableHoliday = (name: string): string =>
  name
    .split(',')
    .map((n) => n.trim().replace(/^(.+?)\((.+)\)$/, '$2 $1'))
    .join(', ');

const offerSentence = (offer: Date | undefined): string =>
  offer ? ` 가장 빠른 예약 가능 시간은 ${formatKoreanDateTimeSpoken(offer)}입니다.` : '';

export const CALLBACK_MESSAGES = {
  booked: (at: Date): string => `콜백 예약이 완료되었습니다. ${formatKoreanDateTimeSpoken(at)}에 상담원이 전화드리겠습니다. 감사합니다.`,
  bookedAsap: (at: Date): string =>
    `콜백 예약이 완료되었습니다. ${formatKoreanDateTimeSpoken(at)}부터 순서대로 상담원이 전화드리겠습니다. 감사합니다.`,
  duplicate: (at: Date | undefined): string =>
    at
      ? `이미 ${formatKoreanDateTimeSpoken(at)}에 콜백이 예약되어 있습니다. 예약하신 시간에 상담원이 전화드리겠습니다.`
      : '이미 접수된 콜백 예약이 있습니다. 예약하신 시간에 상담원이 전화드리겠습니다.',
  invalidNumber: '전화번호를 확인할 수 없습니다. 휴대전화 번호나 지역번호를 포함한 일반전화 번호를 다시 입력해 주세요.',
  outsideHours: (detail: OutsideHoursDetail, context: { day?: Date; holiday?: string; offer?: Date }): string => {
    const day = context.day ? spokenDay(context.day) : '';
    const reason = {
      PAST: '요청하신 시간은 이미 지났습니다.',
      HOLIDAY: context.holiday
        ? `${day}${particle(day, '은', '는')} ${speakableHoliday(context.holiday)}${particle(speakableHoliday(context.holiday), '이라', '라')} 상담을 하지 않습니다.`
        : `${day}${particle(day, '은', '는')} 공휴일이라 상담을 하지 않습니다.`,
      CLOSED_DAY: `${day}${particle(day, '은', '는')} 휴무일이라 상담을 하지 않습니다.`,
      AFTER_HOURS: '요청하신 시간은 상담 시간이 아닙니다.',
      AFTERNOON_OVER: '오늘 오후 상담 시간이 끝났습니다.',
      NO_MORNING_HOURS: '내일 오전에는 상담을 하지 않습니다.',
    }[detail];
    return `${reason}${offerSentence(context.offer)}`;
  },
  tooFar: (maxDaysAhead: number, offer?: Date): string => `콜백은 오늘부터 ${maxDaysAhead}일 이내로만 예약하실 수 있습니다.${offerSentence(offer)}`,
  full: (offer: Date | undefined): string =>
    offer
      ? `요청하신 시간에는 콜백 예약이 모두 찼습니다.${offerSentence(offer)}`
      : '앞으로 일주일 동안 콜백 예약이 모두 찼습니다. 잠시 후 다시 이용해 주세요.',
  error: '죄송합니다. 지금은 콜백 예약을 처리할 수 없습니다. 잠시 후 다시 시도해 주세요.',
  badRequest: '예약 시간을 이해하지 못했습니다. 다시 선택해 주세요.',
  cancelled: (at: Date): string => `${formatKoreanDateTimeSpoken(at)} 콜백 예약이 취소되었습니다.`,
  nothingToCancel: '취소할 콜백 예약이 없습니다.',
  cancelError: '죄송합니다. 지금은 콜백 예약을 취소할 수 없습니다. 잠시 후 다시 시도해 주세요.',
} as const;
