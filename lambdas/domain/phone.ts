import { InvalidPhoneNumberError } from './errors';

/**
 * Korean phone numbers: parse any common written form, normalise to E.164, format back to the
 * national form, and mask for logs. Connect delivers E.164 (`+821012345678`); people type
 * `010-1234-5678`, `01012345678`, `+82 10-1234-5678`, `(02) 123-4567`...
 */
export type PhoneKind = 'mobile' | 'landline' | 'internet';

export interface PhoneNumber {
  readonly kind: PhoneKind;
  /** `+821012345678` */
  readonly e164: string;
  /** `010-1234-5678` */
  readonly national: string;
  /** `010-****-5678`: the only form that may reach a log. */
  readonly masked: string;
}

const MOBILE_PREFIXES = ['010', '011', '016', '017', '018', '019'];
/** Area codes: Seoul 02, then the 0xx regional codes. */
const AREA_CODES = ['02', '031', '032', '033', '041', '042', '043', '044', '051', '052', '053', '054', '055', '061', '062', '063', '064'];
const INTERNET_PREFIXES = ['070'];

const ANONYMOUS = new Set(['', 'anonymous', 'unknown', 'private', 'restricted', 'withheld', 'unavailable', 'null', 'undefined']);

/** True for caller ids that carry no number: withheld, anonymous, empty, or Connect's `+00...` placeholder. */
export const isAnonymousCaller = (raw: string | null | undefined): boolean => {
  if (raw === null || raw === undefined) return true;
  const value = raw.trim().toLowerCase();
  if (ANONYMOUS.has(value)) return true;
  if (/^\+?0{2,}/.test(value.replace(/[\s-]/g, ''))) return true;
  return false;
};

const toNationalDigits = (raw: string): string => {
  const trimmed = raw.trim();
  if (!/^[+\d\s\-().]+$/.test(trimmed)) throw new InvalidPhoneNumberError('BAD_CHARACTERS');
  const plus = trimmed.startsWith('+');
  let digits = trimmed.replace(/\D/g, '');
  if (digits.length === 0) throw new InvalidPhoneNumberError('EMPTY');
  if (plus || digits.startsWith('0082')) {
    if (digits.startsWith('0082')) digits = digits.slice(4);
    else if (digits.startsWith('82')) digits = digits.slice(2);
    else throw new InvalidPhoneNumberError('NOT_KOREAN');
    // `+82 (0)10...`: the trunk zero is sometimes kept after the country code.
    return digits.startsWith('0') ? digits : `0${digits}`;
  }
  // `821012345678` without the plus is how some systems store E.164.
  if (digits.startsWith('82') && (digits.length === 11 || digits.length === 12)) return `0${digits.slice(2)}`;
  return digits;
};

const split = (digits: string, prefixLength: number): [string, string, string] => {
  const rest = digits.slice(prefixLength);
  const middle = rest.slice(0, rest.length - 4);
  return [digits.slice(0, prefixLength), middle, rest.slice(-4)];
};

const build = (kind: PhoneKind, digits: string, prefixLength: number): PhoneNumber => {
  const [prefix, middle, last] = split(digits, prefixLength);
  return {
    kind,
    e164: `+82${digits.slice(1)}`,
    national: `${prefix}-${middle}-${last}`,
    masked: `${prefix}-${'*'.repeat(middle.length)}-${last}`,
  };
};

/** Parses a Korean mobile, landline or 070 number; throws {@link InvalidPhoneNumberError} for anything else. */
export const parsePhoneNumber = (raw: string | null | undefined): PhoneNumber => {
  if (raw === null || raw === undefined || raw.trim() === '') throw new InvalidPhoneNumberError('EMPTY');
  const digits = toNationalDigits(raw);
  if (!digits.startsWith('0')) throw new InvalidPhoneNumberError('UNKNOWN_PREFIX');

  const mobile = MOBILE_PREFIXES.find((p) => digits.startsWith(p));
  if (mobile) {
    // 010 has 8 subscriber digits; the legacy 01x prefixes have 7 or 8.
    const ok = mobile === '010' ? digits.length === 11 : digits.length === 10 || digits.length === 11;
    if (!ok) throw new InvalidPhoneNumberError('BAD_LENGTH');
    return build('mobile', digits, 3);
  }
  const internet = INTERNET_PREFIXES.find((p) => digits.startsWith(p));
  if (internet) {
    if (digits.length !== 11) throw new InvalidPhoneNumberError('BAD_LENGTH');
    return build('internet', digits, 3);
  }
  const area = AREA_CODES.find((p) => digits.startsWith(p));
  if (area) {
    const subscriber = digits.length - area.length;
    if (subscriber !== 7 && subscriber !== 8) throw new InvalidPhoneNumberError('BAD_LENGTH');
    return build('landline', digits, area.length);
  }
  throw new InvalidPhoneNumberError('UNKNOWN_PREFIX');
};

export type CallerId =
  | { readonly type: 'anonymous' }
  | { readonly type: 'valid'; readonly phone: PhoneNumber }
  | { readonly type: 'invalid'; readonly error: InvalidPhoneNumberError };

/** Classifies a caller id without throwing: what a Connect Lambda needs. */
export const classifyCallerId = (raw: string | null | undefined): CallerId => {
  if (isAnonymousCaller(raw)) return { type: 'anonymous' };
  try {
    return { type: 'valid', phone: parsePhoneNumber(raw) };
  } catch (error) {
    if (error instanceof InvalidPhoneNumberError) return { type: 'invalid', error };
    throw error;
  }
};

export const tryParsePhoneNumber = (raw: string | null | undefined): PhoneNumber | undefined => {
  const id = classifyCallerId(raw);
  return id.type === 'valid' ? id.phone : undefined;
};
