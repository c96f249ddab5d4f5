import { fromEnv, type FromEnvInit } from '@aws-sdk/credential-provider-env';
import { fromHttp, type FromHttpOptions } from '@aws-sdk/credential-provider-http';
import { chain, CredentialsProviderError, memoize } from '@smithy/core/config';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

/**
 * The AWS SDK's default credential chain as it applies inside AWS Lambda, substituted for
 * `@aws-sdk/credential-provider-node` when a function is bundled (`LAMBDA_BUNDLE.alias` in
 * lib/bundling.ts). Lambda gives a function its execution role's credentials in the environment
 * (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), and container-credential setups
 * give an AWS_CONTAINER_CREDENTIALS_* endpoint. The rest of the full chain (SSO, shared ini
 * profiles, credential_process, web-identity token files, EC2 instance metadata) never applies
 * there, and its code plus the STS/SSO clients it needs is about 100 KB in every bundle.
 *
 * Only bundles use this: the local runtime, the CLI and tests resolve the real package, so a
 * developer's profile or SSO login keeps working there.
 */
export type LambdaCredentialsInit = FromEnvInit & FromHttpOptions;

const CONTAINER_URI_VARIABLES = ['AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'] as const;

/** Five minutes, as the SDK's own chain: expiring credentials are fetched again before they lapse. */
const REFRESH_MARGIN_MS = 300_000;

const fromContainer =
  (init: LambdaCredentialsInit): AwsCredentialIdentityProvider =>
  async (properties) => {
    if (!CONTAINER_URI_VARIABLES.some((name) => process.env[name])) {
      throw new CredentialsProviderError(
        'No AWS credentials: neither AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY nor AWS_CONTAINER_CREDENTIALS_FULL_URI/RELATIVE_URI is set (this bundle is built for AWS Lambda)',
        { tryNextLink: false, ...(init.logger ? { logger: init.logger } : {}) },
      );
    }
    return fromHttp(init)(properties);
  };

export const credentialsExpireSoon = (credentials: AwsCredentialIdentity): boolean =>
  credentials.expiration !== undefined && credentials.expiration.getTime() - Date.now() < REFRESH_MARGIN_MS;

export const credentialsCanExpire = (credentials: AwsCredentialIdentity): boolean => credentials.expiration !== undefined;

/** Same name and shape as `@aws-sdk/credential-provider-node`'s export, which the SDK clients import. */
export const defaultProvider = (init: LambdaCredentialsInit = {}): AwsCredentialIdentityProvider =>
  memoize(chain(fromEnv(init), fromContainer(init)), credentialsExpireSoon, credentialsCanExpire);
