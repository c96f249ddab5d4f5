import { findProductMention } from '../catalog/catalog';
import { tryParsePhoneNumber, type PhoneNumber } from '../phone';
import { parseKoreanDateTime, type KoreanDateTime } from './korean-datetime';

/**
 * Rule-based entities, available with every engine: dates and times (Seoul), phone numbers (the
 * shared parser), order numbers and catalogue product names.
 */
export interface Entities {
  readonly dateTime?: KoreanDateTime;
  readonly phone?: PhoneNumber;
  readonly orderNumber?: string;
  readonly productId?: string;
  readonly productName?: string;
}

/** `20261124-0012345`, `2026112400123`, `ORD-20261124-001`: a date-like stem plus a serial. */
const ORDER_NUMBER = /(?<![\dA-Za-z])((?:ord|order|or)[-\s]?)?(20\d{6})[-\s]?(\d{3,8})(?!\d)/i;

export const findOrderNumber = (text: string): string | undefined => {
  const m = ORDER_NUMBER.exec(text.normalize('NFKC'));
  if (!m) return undefined;
  return `${m[2]}-${m[3]}`;
};

const SPOKEN_DIGITS: Record<string, string> = { 공: '0', 영: '0', 일: '1', 이: '2', 삼: '3', 사: '4', 오: '5', 육: '6', 륙: '6', 칠: '7', 팔: '8', 구: '9' };

/** "공일공 일이삼사 오육칠팔" → "01012345678" (speech transcripts); other text unchanged. */
export const spokenDigitsToNumber = (text: string): string => {
  const trimmed = text.replace(/(번|이요|이에요|입니다|예요|요)$/u, '').trim();
  if (!/^[공영일이삼사오육륙칠팔구\s-]+$/u.test(trimmed) || trimmed.replace(/[\s-]/g, '').length < 9) return text;
  return [...trimmed].map((ch) => SPOKEN_DIGITS[ch] ?? (ch === '-' ? '-' : '')).join('');
};

const PHONE_CANDIDATE = /(?:\+?82[\s-]?)?0?\d{1,3}[\s-.)]*\d{3,4}[\s-.]*\d{4}/g;

export const findPhoneNumber = (text: string): PhoneNumber | undefined => {
  const source = spokenDigitsToNumber(text.normalize('NFKC'));
  for (const candidate of source.match(PHONE_CANDIDATE) ?? []) {
    const phone = tryParsePhoneNumber(candidate);
    if (phone) return phone;
  }
  return undefined;
};

export const extractEntities = (text: string, now: Date): Entities => {
  const dateTime = parseKoreanDateTime(text, now);
  const phone = findPhoneNumber(text);
  const orderNumber = findOrderNumber(text);
  const product = findProductMention(text);
  return {
    ...(dateTime.day || dateTime.time || dateTime.period ? { dateTime } : {}),
    ...(phone ? { phone } : {}),
    ...(orderNumber ? { orderNumber } : {}),
    ...(product ? { productId: product.product.id, productName: product.product.name } : {}),
  };
};
