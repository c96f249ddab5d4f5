/**
 * PII masking for every log line and every stored free text: phone numbers, names and PINs
 * never appear in clear. Used by the logger's formatter and by the conversation log.
 */

/**
 * Phone-like runs in free text: Korean mobile/landline in any spacing, and E.164 (+82...).
 * The last four digits stay visible so staff can still tell two numbers apart.
 */
const PHONE_IN_TEXT = /(?<![\d*])(\+?82[\s-]?(?:\(0\))?[\s-]?0?|0)(1[016789]|2|[3-6][1-5]|70)[\s\-.)]{0,2}(\d{3,4})[\s\-.]?(\d{4})(?!\d)/g;

export const maskPhonesInText = (text: string): string =>
  text.replace(PHONE_IN_TEXT, (_match, lead: string, area: string, middle: string, last: string) => `${lead}${area}-${'*'.repeat(middle.length)}-${last}`);

/** 김민수 → 김*수, 이준 → 이*, 남궁민수 → 남**수, John Smith → J*** S**** */
export const maskName = (name: string): string => {
  const trimmed = name.trim();
  if (trimmed.length === 0) return trimmed;
  if (/^[\p{Script=Hangul}]+$/u.test(trimmed)) {
    const chars = [...trimmed];
    if (chars.length <= 2) return `${chars[0]}*`;
    return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
  }
  return trimmed
    .split(/\s+/)
    .map((word) => `${[...word][0] ?? ''}${'*'.repeat(Math.max([...word].length - 1, 0))}`)
    .join(' ');
};

/** Longer runs of digits a caller might type (card, account, resident numbers): keep the last 4. */
const LONG_DIGITS = /(?<!\d)(\d[\d -]{10,}\d)(?!\d)/g;

/** Masks phone numbers and long digit runs inside user-entered free text. */
export const maskFreeText = (text: string): string =>
  maskPhonesInText(text).replace(LONG_DIGITS, (run: string) => {
    const digits = run.replace(/\D/g, '');
    return `${'*'.repeat(Math.max(digits.length - 4, 0))}${digits.slice(-4)}`;
  });

const NAME_KEYS = new Set(['name', 'customername', 'username', 'fullname', 'firstname', 'lastname', 'callername', 'agentname']);
const SECRET_KEYS = /pin|password|secret|token|authorization|apikey|api_key/i;

/** Deep copy of a log payload with PII masked by key (names, secrets) and by content (phone numbers). */
export const maskPii = (value: unknown, key = '', depth = 0): unknown => {
  if (depth > 8) return '[depth]';
  if (typeof value === 'string') {
    const k = key.toLowerCase();
    if (SECRET_KEYS.test(k) && !k.endsWith('count') && !k.endsWith('remaining')) return value === '' ? '' : '****';
    if (NAME_KEYS.has(k)) return maskName(value);
    return maskFreeText(value);
  }
  if (Array.isArray(value)) return value.map((item) => maskPii(item, key, depth + 1));
  if (value instanceof Error) {
    return { name: value.name, message: maskFreeText(value.message), stack: value.stack ? maskFreeText(value.stack) : undefined };
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = maskPii(v, k, depth + 1);
    return out;
  }
  return value;
};
