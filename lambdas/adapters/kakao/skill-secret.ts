import type * as SecretsSdk from '@aws-sdk/client-secrets-manager';
import { DependencyError } from '@domain/errors';
import type { SecretSource } from '@domain/kakao/ports';
import { lazy } from '../../platform/lazy';

/** Locally: the secret from `KAKAO_SKILL_SECRET`. */
export class StaticSecret implements SecretSource {
  constructor(private readonly value: string) {}
  async get(): Promise<string> {
    return this.value;
  }
}

/**
 * AWS: the secret from Secrets Manager, cached for `ttlMs` (one call per container per 5 minutes,
 * so rotation takes effect within that). If a refresh fails, the last value is used. The client is
 * loaded on the first request that needs the secret: the async worker, which shares this wiring
 * but never checks a request, never loads it.
 */
export class SecretsManagerSecret implements SecretSource {
  #cached?: { value: string; until: number };
  #inflight?: Promise<string>;
  readonly #sdk: () => Promise<{ client: SecretsSdk.SecretsManagerClient; sdk: typeof SecretsSdk }>;

  constructor(
    createClient: (sdk: typeof SecretsSdk) => SecretsSdk.SecretsManagerClient,
    private readonly secretId: string,
    private readonly ttlMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {
    this.#sdk = lazy(async () => {
      const sdk = await import('@aws-sdk/client-secrets-manager');
      return { client: createClient(sdk), sdk };
    });
  }

  async get(): Promise<string> {
    if (this.#cached && this.#cached.until > this.now()) return this.#cached.value;
    this.#inflight ??= this.#fetch().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  async #fetch(): Promise<string> {
    try {
      const { client, sdk } = await this.#sdk();
      const out = await client.send(new sdk.GetSecretValueCommand({ SecretId: this.secretId }));
      const value = out.SecretString?.trim();
      if (!value) throw new DependencyError('secrets-manager', 'secret has no string value');
      this.#cached = { value, until: this.now() + this.ttlMs };
      return value;
    } catch (error) {
      if (this.#cached) return this.#cached.value;
      throw error instanceof DependencyError ? error : new DependencyError('secrets-manager', 'cannot read the skill secret', { cause: error });
    }
  }
}
