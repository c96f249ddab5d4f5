import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { foldSchemaKeys, foldSchemaKeysPlugin, lambdaBuildOptions, SDK_SCHEMA_MODULE } from '../../../lib/bundling';

describe('foldSchemaKeys (AWS SDK schema modules)', () => {
  const source = [
    'const _h = "http";',
    'const _e = "error";',
    'const _q = "say \\"hi\\"";',
    'export var Used$ = [3, n0, "Used", { [_h]: ["POST", "/used", 200] }, [], []];',
    'export var Err$ = [-3, n0, "Err", { [_e]: _c, [_q]: 1, [other]: 2 }, [], []];',
  ].join('\n');

  it('replaces computed keys of declared strings by the same string literal, and leaves other keys alone', () => {
    const folded = foldSchemaKeys(source);
    expect(folded).toContain('{ "http": ["POST", "/used", 200] }');
    expect(folded).toContain('{ "error": _c, "say \\"hi\\"": 1, [other]: 2 }');
  });

  it('builds the same objects as before', () => {
    const evaluate = (code: string) =>
      new Function('n0', '_c', 'other', `${code.replace(/export var /g, 'var ')}; return { Used$, Err$ };`)('ns', 'client', 'k') as unknown;
    expect(evaluate(foldSchemaKeys(source))).toEqual(evaluate(source));
  });

  it('applies to the generated schema modules of every SDK client, nested clients included', () => {
    expect(SDK_SCHEMA_MODULE.test('/r/node_modules/@aws-sdk/client-connect/dist-es/schemas/schemas_0.js')).toBe(true);
    expect(SDK_SCHEMA_MODULE.test('/r/node_modules/@aws-sdk/nested-clients/dist-es/submodules/sts/schemas/schemas_0.js')).toBe(true);
    expect(SDK_SCHEMA_MODULE.test('/r/lambdas/domain/schemas/schemas_0.js')).toBe(false);
  });

  it('lets esbuild drop the Amazon Connect shapes a function never uses', async () => {
    const bundle = async (plugins: typeof foldSchemaKeysPlugin[]) => {
      const out = await build({
        stdin: { contents: "export { ConnectClient, StartOutboundVoiceContactCommand } from '@aws-sdk/client-connect';", resolveDir: __dirname },
        bundle: true,
        platform: 'node',
        format: 'cjs',
        minify: true,
        mainFields: ['module', 'main'],
        write: false,
        logLevel: 'silent',
        plugins,
      });
      return out.outputFiles[0]?.text ?? '';
    };
    const [plain, folded] = await Promise.all([bundle([]), bundle([foldSchemaKeysPlugin])]);
    // An operation nobody imports: its request shape is gone only from the folded bundle.
    expect(plain).toContain('AssociateAnalyticsDataSetRequest');
    expect(folded).not.toContain('AssociateAnalyticsDataSetRequest');
    expect(folded).toContain('/contact/outbound-voice');
    expect(folded.length).toBeLessThan(plain.length - 150_000);
  });
});

describe('AWS SDK event streams in Lambda bundles', () => {
  const REPO_ROOT = join(__dirname, '../../..');
  const bundle = async (contents: string): Promise<string> => {
    const out = await build({
      ...lambdaBuildOptions(join(REPO_ROOT, 'unused.ts'), join(REPO_ROOT, 'unused.js')),
      entryPoints: undefined,
      outfile: undefined,
      stdin: { contents, resolveDir: REPO_ROOT },
      write: false,
    });
    return out.outputFiles[0]?.text ?? '';
  };

  it('are left out of a DynamoDB-only bundle, whose protocol code only imports them on demand', async () => {
    const code = await bundle("export { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';");
    expect(code).not.toContain(':message-type');
    expect(code).toContain('AWS SDK event streams are not bundled in this function');
  });

  it('stay in a bundle with a client that streams (Bedrock Runtime)', async () => {
    const code = await bundle("export { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';");
    expect(code).toContain(':message-type');
    expect(code).not.toContain('AWS SDK event streams are not bundled in this function');
  });

  it('explain themselves if a DynamoDB-only bundle ever asks for them', async () => {
    const code = await bundle(
      "export { DynamoDBClient } from '@aws-sdk/client-dynamodb'; export const loadEventStreams = () => import('@smithy/core/event-streams');",
    );
    const file = join(mkdtempSync(join(tmpdir(), 'aicc-event-streams-')), 'index.js');
    writeFileSync(file, code);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(file) as { loadEventStreams: () => Promise<unknown> };
    await expect(loaded.loadEventStreams()).rejects.toThrow(/event streams are not bundled in this function/);
  });
});
