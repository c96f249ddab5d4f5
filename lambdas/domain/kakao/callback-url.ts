/**
 * Kakao's one-time callback URL is attacker-controlled input (it arrives in the request body):
 * only `https://*.kakao.com` is ever called (no SSRF). Tests may enable a loopback override, which
 * can only ever reach 127.0.0.1 over plain HTTP and is off unless explicitly switched on.
 */
export interface CallbackUrlPolicy {
  /** Allows `http://127.0.0.1:<port>/...` (tests, local runtime). Default false. */
  readonly allowLoopbackForTests?: boolean;
}

export const acceptCallbackUrl = (raw: string | undefined, policy: CallbackUrlPolicy = {}): URL | undefined => {
  if (!raw || raw.length > 2048) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.username || url.password) return undefined;
  const host = url.hostname.toLowerCase();
  if (url.protocol === 'https:' && host.endsWith('.kakao.com') && /^[a-z0-9.-]+$/.test(host) && (url.port === '' || url.port === '443')) {
    return url;
  }
  if (policy.allowLoopbackForTests === true && url.protocol === 'http:' && host === '127.0.0.1' && url.port !== '') return url;
  return undefined;
};
