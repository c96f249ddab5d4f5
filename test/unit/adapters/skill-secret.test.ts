import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { DependencyError } from '@domain/errors';
import { SecretsManagerSecret } from '../../../lambdas/adapters/kakao/skill-secret';

const secrets = mockClient(SecretsManagerClient);
beforeEach(() => secrets.reset());
afterAll(() => secrets.restore());

const source = (now: () => number) => new SecretsManagerSecret(() => new SecretsManagerClient({ region: 'ap-northeast-2' }), 'aicc/dev/kakao-skill-secret', 60_000, now);

describe('SecretsManagerSecret (the Kakao skill secret in AWS)', () => {
  it('reads the secret once and serves it from memory until the cache time passes, then reads it again (rotation)', async () => {
    let t = 0;
    const secret = source(() => t);
    secrets.on(GetSecretValueCommand).resolvesOnce({ SecretString: ' first-secret-value \n' }).resolvesOnce({ SecretString: 'rotated-secret' });
    expect(await Promise.all([secret.get(), secret.get()])).toEqual(['first-secret-value', 'first-secret-value']);
    t = 59_000;
    expect(await secret.get()).toBe('first-secret-value');
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(secrets.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({ SecretId: 'aicc/dev/kakao-skill-secret' });
    t = 61_000;
    expect(await secret.get()).toBe('rotated-secret');
  });

  it('keeps answering with the last value when a refresh fails', async () => {
    let t = 0;
    const secret = source(() => t);
    secrets.on(GetSecretValueCommand).resolvesOnce({ SecretString: 'known-secret' }).rejects(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));
    expect(await secret.get()).toBe('known-secret');
    t = 120_000;
    expect(await secret.get()).toBe('known-secret');
  });

  it('fails as a dependency error when it never had a value, and tries again on the next request', async () => {
    const secret = source(() => 0);
    secrets.on(GetSecretValueCommand).rejectsOnce(Object.assign(new Error('no access'), { name: 'AccessDeniedException' })).resolves({ SecretString: '' });
    await expect(secret.get()).rejects.toBeInstanceOf(DependencyError);
    await expect(secret.get()).rejects.toThrow(/no string value/);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });
});
