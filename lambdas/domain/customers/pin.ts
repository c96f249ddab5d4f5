import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * PINs are stored only as salted scrypt hashes (a deliberately slow KDF) and compared in constant time.
 * Format: `scrypt$N$r$p$<salt base64>$<hash base64>` so parameters can be raised later.
 */
const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

export const PIN_PATTERN = /^\d{4,6}$/;

const derive = (pin: string, salt: Buffer, n: number, r: number, p: number, keyLength: number): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    scrypt(pin, salt, keyLength, { N: n, r, p, maxmem: 64 * 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key)));
  });

export const hashPin = async (pin: string): Promise<string> => {
  if (!PIN_PATTERN.test(pin)) throw new RangeError('a PIN has 4 to 6 digits');
  const salt = randomBytes(16);
  const key = await derive(pin, salt, N, R, P, KEY_LENGTH);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
};

/** Constant-time check; a malformed stored hash never verifies. */
export const verifyPin = async (pin: string, stored: string): Promise<boolean> => {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![n, r, p].every((x) => Number.isInteger(x) && x > 0)) return false;
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const expected = Buffer.from(parts[5] ?? '', 'base64');
  if (salt.length === 0 || expected.length === 0) return false;
  const actual = await derive(pin, salt, n, r, p, expected.length);
  return timingSafeEqual(actual, expected);
};
