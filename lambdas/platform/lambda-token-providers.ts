import { setTokenFeature } from '@aws-sdk/core/client';
import { getBearerTokenEnvKey } from '@aws-sdk/core/httpAuthSchemes';
import { TokenProviderError } from '@smithy/core/config';
import type { Logger, TokenIdentity, TokenIdentityProvider } from '@smithy/types';

/**
 * `@aws-sdk/token-providers` as it applies inside AWS Lambda, substituted for it when a function is
 * bundled (`LAMBDA_BUNDLE.alias` in lib/bundling.ts), like lambda-credentials.ts for credentials.
 *
 * The Bedrock Runtime client offers bearer-token auth (Bedrock API keys) next to SigV4: a token from
 * `AWS_BEARER_TOKEN_BEDROCK`, else from an SSO login's token cache, refreshed through a bundled
 * SSO-OIDC client (about 20 KB compiled at every cold start). A Lambda signs with its execution
 * role, and has no SSO cache; the environment token stays supported, the SSO chain says why it
 * cannot apply. Only bundles use this: the local runtime and tests resolve the real package.
 */
interface TokenProviderInit {
  readonly logger?: Logger;
  readonly signingName?: string;
}

/** Same behaviour as the SDK's: the token in `AWS_BEARER_TOKEN_<SIGNING NAME>`. */
export const fromEnvSigningName =
  ({ logger, signingName }: TokenProviderInit = {}): TokenIdentityProvider =>
  async () => {
    if (!signingName) throw new TokenProviderError("Please pass 'signingName' to compute environment variable key", { logger });
    const key = getBearerTokenEnvKey(signingName);
    const value = process.env[key];
    if (value === undefined) throw new TokenProviderError(`Token not present in '${key}' environment variable`, { logger });
    const token: TokenIdentity = { token: value };
    setTokenFeature(token, 'BEARER_SERVICE_ENV_VARS', '3');
    return token;
  };

/** The SDK's SSO token chain: there is no SSO token cache in Lambda. */
export const nodeProvider =
  ({ logger }: TokenProviderInit = {}): TokenIdentityProvider =>
  async () => {
    throw new TokenProviderError('No bearer token: this bundle is built for AWS Lambda, where SSO token caches do not exist (sign with the execution role, or set AWS_BEARER_TOKEN_BEDROCK)', {
      tryNextLink: false,
      logger,
    });
  };
