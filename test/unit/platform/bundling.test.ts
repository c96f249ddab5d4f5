import { build } from 'esbuild';
import { foldSchemaKeys, foldSchemaKeysPlugin, SDK_SCHEMA_MODULE } from '../../../lib/bundling';

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
