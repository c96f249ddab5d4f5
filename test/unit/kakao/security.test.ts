import { acceptCallbackUrl } from '@domain/kakao/callback-url';
import { headerValue, secretsMatch } from '@domain/kakao/shared-secret';

describe('callback URL policy (no SSRF)', () => {
  it.each(['https://bot-api.kakao.com/v1/callbacks/abc', 'https://callback.kakao.com/x?token=1', 'https://BOT-API.KAKAO.COM/a'])('accepts %s', (url) => {
    expect(acceptCallbackUrl(url)).toBeDefined();
  });

  it.each([
    'http://bot-api.kakao.com/v1/callbacks/abc', // not https
    'https://kakao.com.evil.example/x',
    'https://evilkakao.com/x',
    'https://bot-api.kakao.com.attacker.net/x',
    'https://user:pw@bot-api.kakao.com/x',
    'https://bot-api.kakao.com:8443/x',
    'https://169.254.169.254/latest/meta-data',
    'http://127.0.0.1:8080/callback', // loopback needs the explicit test override
    'file:///etc/passwd',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(acceptCallbackUrl(url)).toBeUndefined();
  });

  it('the test override reaches only 127.0.0.1 with an explicit port', () => {
    const policy = { allowLoopbackForTests: true };
    expect(acceptCallbackUrl('http://127.0.0.1:8080/callback', policy)).toBeDefined();
    expect(acceptCallbackUrl('http://localhost:8080/callback', policy)).toBeUndefined();
    expect(acceptCallbackUrl('http://10.0.0.5:8080/callback', policy)).toBeUndefined();
    expect(acceptCallbackUrl('http://127.0.0.1/callback', policy)).toBeUndefined();
    expect(acceptCallbackUrl('https://example.com/callback', policy)).toBeUndefined();
  });
});

describe('shared secret', () => {
  it('matches only the exact secret', () => {
    expect(secretsMatch('s3cret-value', 's3cret-value')).toBe(true);
    expect(secretsMatch('s3cret-valuE', 's3cret-value')).toBe(false);
    expect(secretsMatch('s3cret', 's3cret-value')).toBe(false);
    expect(secretsMatch('', 's3cret-value')).toBe(false);
    expect(secretsMatch(undefined, 's3cret-value')).toBe(false);
    expect(secretsMatch('anything', '')).toBe(false);
    expect(secretsMatch(undefined, undefined)).toBe(false);
  });

  it('finds the header whatever its case (REST keeps it, HTTP API lowercases it)', () => {
    expect(headerValue({ 'X-Skill-Secret': 'a' }, 'x-skill-secret')).toBe('a');
    expect(headerValue({ 'x-skill-secret': 'b' }, 'X-Skill-Secret')).toBe('b');
    expect(headerValue(null, 'X-Skill-Secret')).toBeUndefined();
  });
});
