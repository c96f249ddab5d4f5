import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Who may call the operations API.
 *
 * AWS: API Gateway authorizes every `/admin` method with IAM (SigV4). Chosen over a Cognito
 * user-pool authorizer because supervisors' tooling (scripts, the CLI, internal dashboards) already
 * holds IAM credentials through SSO, access is then granted per route with ordinary IAM policies
 * (`execute-api:Invoke` on `GET /admin/statistics` only, for instance), there is no user pool to run,
 * and it satisfies cdk-nag's APIG4 (COG4 is acknowledged with this reason). A browser console signs
 * its requests with temporary credentials (Cognito identity pool or SSO). The Lambda checks again
 * that API Gateway did attach a caller identity, so a misconfigured method can never be open.
 *
 * Local runtime and tests: a bearer token from configuration (`AICC_ADMIN_TOKEN`, local default
 * `local-admin-token`, see local/environment.ts), compared in constant time.
 */
export type AdminAuthMode = 'iam' | 'token';

export interface AuthInput {
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** `requestContext.identity` of a REST API event */
  readonly identity?: { readonly userArn?: string | null; readonly caller?: string | null; readonly accessKey?: string | null };
}

export type AuthResult = { readonly ok: true; readonly principal: string } | { readonly ok: false; readonly reason: 'missing' | 'invalid' };

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Constant-time comparison: both sides hashed to 32 bytes, so neither length nor content leaks. */
export const tokensMatch = (given: string, expected: string): boolean => expected.length > 0 && timingSafeEqual(digest(given), digest(expected));

const header = (headers: AuthInput['headers'], name: string): string | undefined => {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === wanted) return v;
  return undefined;
};

export const authenticate = (mode: AdminAuthMode, input: AuthInput, token?: string): AuthResult => {
  if (mode === 'iam') {
    const caller = input.identity?.userArn || input.identity?.caller;
    return caller ? { ok: true, principal: 'iam' } : { ok: false, reason: 'missing' };
  }
  const value = header(input.headers, 'authorization');
  const m = value ? /^Bearer\s+(\S+)\s*$/i.exec(value) : null;
  if (!m?.[1]) return { ok: false, reason: 'missing' };
  return tokensMatch(m[1], token ?? '') ? { ok: true, principal: 'token' } : { ok: false, reason: 'invalid' };
};
