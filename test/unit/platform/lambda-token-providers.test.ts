import { join } from 'node:path';
import { build } from 'esbuild';
import { lambdaBuildOptions } from '../../../lib/bundling';
import { fromEnvSigningName, nodeProvider } from '../../../lambdas/platform/lambda-token-providers';

const REPO_ROOT = join(__dirname, '../../..');

describe('bearer tokens in a Lambda bundle (the @aws-sdk/token-providers substitute)', () => {
  const saved = process.env.AWS_BEARER_TOKEN_BEDROCK;
  afterEach(() => {
    if (saved === undefined) delete process.env.AWS_BEARER_TOKEN_BEDROCK;
    else process.env.AWS_BEARER_TOKEN_BEDROCK = saved;
  });

  it('reads a Bedrock API key from AWS_BEARER_TOKEN_BEDROCK, as the SDK does', async () => {
    process.env.AWS_BEARER_TOKEN_BEDROCK = 'bedrock-api-key';
    await expect(fromEnvSigningName({ signingName: 'bedrock' })()).resolves.toMatchObject({ token: 'bedrock-api-key' });
  });

  it('says which variable is missing, and why the SSO chain cannot apply', async () => {
    delete process.env.AWS_BEARER_TOKEN_BEDROCK;
    await expect(fromEnvSigningName({ signingName: 'bedrock' })()).rejects.toMatchObject({ name: 'TokenProviderError', message: expect.stringContaining('AWS_BEARER_TOKEN_BEDROCK') });
    await expect(nodeProvider()()).rejects.toMatchObject({ name: 'TokenProviderError', message: expect.stringContaining('built for AWS Lambda') });
  });

  it('keeps the SSO-OIDC client out of a bundle with the Bedrock Runtime client', async () => {
    const bundle = async (alias: boolean) => {
      const options = lambdaBuildOptions(join(REPO_ROOT, 'unused.ts'), join(REPO_ROOT, 'unused.js'));
      const out = await build({
        ...options,
        entryPoints: undefined,
        outfile: undefined,
        stdin: { contents: "export { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';", resolveDir: REPO_ROOT },
        write: false,
        alias: alias ? options.alias : { '@aws-sdk/credential-provider-node': options.alias?.['@aws-sdk/credential-provider-node'] ?? '' },
      });
      return out.outputFiles[0]?.text ?? '';
    };
    const [sdk, substituted] = await Promise.all([bundle(false), bundle(true)]);
    expect(sdk).toContain('oidc');
    expect(substituted).not.toContain('oidc');
    expect(substituted).toContain('AWS_BEARER_TOKEN_');
    expect(substituted.length).toBeLessThan(sdk.length - 15_000);
  });
});
