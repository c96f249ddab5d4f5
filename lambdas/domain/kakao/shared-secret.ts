import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Kakao does not sign skill requests: the skill settings send a shared secret in a custom header.
 * The comparison takes the same time whatever the input (both sides are HMAC'd to equal-length
 * digests first, so neither the length nor the first wrong byte leaks).
 */
const KEY = randomBytes(32);
const digest = (value: string): Buffer => createHmac('sha256', KEY).update(value, 'utf8').digest();

export const secretsMatch = (presented: string | undefined, expected: string | undefined): boolean => {
  if (!expected) return false;
  const ok = timingSafeEqual(digest(presented ?? ''), digest(expected));
  return ok && presented !== undefined;
};

/** Header lookup that ignores case (API Gateway REST keeps the client's case; HTTP API lowercases). */
export const headerValue = (headers: Readonly<Record<string, string | undefined>> | null | undefined, name: string): string | undefined => {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === wanted) return v;
  return undefined;
};
