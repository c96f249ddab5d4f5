/**
 * Readers for payloads we do not control (Connect, Lex, API Gateway, Kakao, EventBridge), lenient
 * by design: a missing or oddly typed field becomes `undefined` (or an empty map), never an
 * exception. Plain functions rather than schemas: these run on every request and at every cold
 * start, where building validation-library schemas cost milliseconds.
 */

export type Fields = Readonly<Record<string, unknown>>;

/** The value when it is a plain object (not an array, not null). */
export const objectOf = (value: unknown): Fields | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Fields) : undefined;

export const stringOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Strings, and numbers or booleans written as strings (`3` → `"3"`). */
export const textOf = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;

/** An object's fields as strings: numbers and booleans written out, anything else becomes `otherwise`. */
export const textMapOf = (value: unknown, otherwise: string | undefined = ''): Record<string, string> => {
  const fields = objectOf(value);
  if (!fields) return {};
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(fields)) {
    const text = textOf(item) ?? otherwise;
    if (text !== undefined) Object.defineProperty(out, key, { value: text, enumerable: true, writable: true, configurable: true });
  }
  return out;
};

/** `value.a.b.c`, undefined as soon as a step is not an object. */
export const pathOf = (value: unknown, ...keys: string[]): unknown => {
  let current: unknown = value;
  for (const key of keys) {
    const fields = objectOf(current);
    if (!fields || !Object.hasOwn(fields, key)) return undefined;
    current = fields[key];
  }
  return current;
};
