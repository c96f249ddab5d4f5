import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
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
 * created on the first request. Every container checks a request soon after it starts, so the SDK
 * client is imported statically (an on-demand import would load a second copy of the SDK core on that
 * first request); only the webhook wires it, never the async worker.
 */
export class SecretsManagerSecret implements SecretSource {
  #cached?: { value: string; until: number };
  #inflight?: Promise<string>;
  readonly #client: () => Promise<SecretsManagerClient>;

  constructor(
    createClient: () => SecretsManagerClient,
    private readonly secretId: string,
    private readonly ttlMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {
    this.#client = lazy(async () => createClient());
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
      const client = await this.#client();
      const out = await client.send(new GetSecretValueCommand({ SecretId: this.secretId }));
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
