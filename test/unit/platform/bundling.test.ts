import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import {
  bundleLambda,
  foldSchemaKeys,
  foldSchemaKeysPlugin,
  hasEventStreamOperation,
  lambdaBuildOptions,
  onDemandFile,
  onDemandPackagesPlugin,
  SDK_SCHEMA_MODULE,
  withoutEventStreams,
} from '../../../lib/bundling';

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
  const bundle = async (contents: string, options: { minify?: boolean } = {}): Promise<string> => {
    const out = await build({
      ...lambdaBuildOptions(join(REPO_ROOT, 'unused.ts'), join(REPO_ROOT, 'unused.js')),
      entryPoints: undefined,
      outfile: undefined,
      stdin: { contents, resolveDir: REPO_ROOT },
      write: false,
      ...options,
    });
    return out.outputFiles[0]?.text ?? '';
  };
  const NOT_BUNDLED = 'AWS SDK event streams are not bundled in this function';
  // The event-stream codec's header name, and Node's HTTP/2 module (what a bundle loads at start).
  const CODEC = ':message-type';
  const HTTP2 = /require\("(node:)?http2"\)/;

  it('are left out of a DynamoDB-only bundle, whose protocol code only imports them on demand', async () => {
    const code = await bundle("export { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';");
    expect(code).not.toContain(CODEC);
    expect(code).toContain(NOT_BUNDLED);
  });

  it('are left out of a Bedrock bundle that only converses, with HTTP/2 (which only bidirectional streams need)', async () => {
    const code = await bundle("export { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';");
    expect(code).not.toContain(CODEC);
    expect(code).not.toMatch(HTTP2);
    expect(code).toContain(NOT_BUNDLED);
  });

  it('stay, as the SDK ships them, in a bundle that calls a streaming operation (ConverseStream, Lex StartConversation)', async () => {
    for (const entry of [
      "export { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';",
      "export { LexRuntimeV2Client, StartConversationCommand } from '@aws-sdk/client-lex-runtime-v2';",
    ]) {
      const code = await bundle(entry);
      expect(code).toContain(CODEC);
      expect(code).toMatch(HTTP2);
      expect(code).not.toContain(NOT_BUNDLED);
    }
  });

  it('are recognised by the schema of an event-stream operation, not by a streamed blob', async () => {
    expect(hasEventStreamOperation('var ConverseStreamOutput$ = [4, n0, _CSO,\n    { "streaming": 1 },\n    [_mS]')).toBe(true);
    expect(hasEventStreamOperation('var X$ = [4,n0,_X,{streaming:1},[_a]]')).toBe(true);
    expect(hasEventStreamOperation('var RecognizeUtteranceRequest$ = [3, n0, _RUR, 0, [_iS], [[() => BlobStream, { [_hH]: _ct, "streaming": 1 }]]]')).toBe(false);
    expect(hasEventStreamOperation('var Converse$ = [9, n0, _C, { "http": ["POST", "/model/{modelId}/converse", 200] }]')).toBe(false);
  });

  it('fail the build rather than stay in silently when an SDK release changes the lines they replace', () => {
    const runtimeConfig = 'import { eventStreamSerdeProvider } from "@smithy/core/events";\nexport const getRuntimeConfig = () => ({ eventStreamSerdeProvider });';
    expect(() => withoutEventStreams(runtimeConfig, 'runtimeConfig.js')).toThrow(/runtimeConfig\.js: expected `import \{ eventStreamSerdeProvider \} from "@smithy\/core\/event-streams";`/);
  });

  it('explain themselves if a bundle without them ever asks for them', async () => {
    const code = await bundle(
      "export { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime'; export { eventStreamSerdeProvider } from '@smithy/core/event-streams'; export const loadEventStreams = () => import('@smithy/core/event-streams');",
    );
    const file = join(mkdtempSync(join(tmpdir(), 'aicc-event-streams-')), 'index.js');
    writeFileSync(file, code);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(file) as { loadEventStreams: () => Promise<unknown>; BedrockRuntimeClient: new (config: object) => { config: { eventStreamMarshaller: { deserialize: () => unknown } } } };
    await expect(loaded.loadEventStreams()).rejects.toThrow(/event streams are not bundled in this function/);
    const client = new loaded.BedrockRuntimeClient({ region: 'ap-northeast-2' });
    expect(() => client.config.eventStreamMarshaller.deserialize()).toThrow(/event streams are not bundled in this function/);
  });
});

describe('on-demand packages in Lambda bundles', () => {
  const REPO_ROOT = join(__dirname, '../../..');
  const bundleFile = async (contents: string) => {
    const dir = mkdtempSync(join(REPO_ROOT, '.bundling-test-'));
    const entry = join(dir, 'entry.ts');
    writeFileSync(entry, contents);
    try {
      const out = await build({ ...lambdaBuildOptions(entry, join(dir, 'out.js')), write: false, minify: false, plugins: [onDemandPackagesPlugin()] });
      return out.outputFiles[0]?.text ?? '';
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('leave an npm package imported with import() out of the bundle, as a require of its own file', async () => {
    const code = await bundleFile("export const load = () => import('@aws-sdk/client-sqs');");
    expect(code).toContain('require("./on-demand/aws-sdk__client-sqs.js")');
    expect(code).not.toContain('SendMessageCommand');
    expect(onDemandFile('@aws-sdk/client-sqs')).toBe('on-demand/aws-sdk__client-sqs.js');
  });

  it('refuse one of our own modules, which would exist twice with two states', async () => {
    await expect(bundleFile("export const load = () => import('../lambdas/domain/clock');")).rejects.toThrow(/only npm packages can be loaded on demand/);
  });

  it('are built next to index.js and load when the function first needs them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aicc-on-demand-'));
    const { index, onDemand } = await bundleLambda(join(REPO_ROOT, 'lambdas/chatbot-handler/handler.ts'), dir);
    expect(onDemand).toEqual([join(dir, onDemandFile('@aws-sdk/client-lex-runtime-v2'))]);
    const code = readFileSync(index, 'utf8');
    // The Lex client's service name is only in its own file.
    expect(code).not.toContain('Lex Runtime V2');
    expect(readFileSync(onDemand[0] ?? '', 'utf8')).toContain('Lex Runtime V2');
  }, 60_000);
});

describe('@middy/core in Lambda bundles', () => {
  it('does not load Node web streams at start, and still finds ReadableStream when it needs it', async () => {
    const out = await build({
      ...lambdaBuildOptions(join(__dirname, 'unused.ts'), join(__dirname, 'unused.js')),
      entryPoints: undefined,
      outfile: undefined,
      stdin: { contents: "export { default as middy } from '@middy/core';", resolveDir: join(__dirname, '../../..') },
      write: false,
      minify: false,
    });
    const code = out.outputFiles[0]?.text ?? '';
    expect(code).not.toMatch(/require\("(node:)?stream\/web"\)/);
    expect(code).toContain('globalThis.ReadableStream');
  });
});
