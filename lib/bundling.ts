import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BuildOptions, Metafile, Plugin } from 'esbuild';

/**
 * How every Lambda is bundled, in one place: the house construct (lib/constructs/aicc-function.ts)
 * deploys these bundles, `npm run bench` measures them and test/int/bundles runs them, so the
 * sizes and load times reported are those of what is deployed.
 */
export const LAMBDA_BUNDLE = {
  minify: true,
  target: 'node22',
  format: 'cjs',
  mainFields: ['module', 'main'],
  /** Korean text (intent examples, FAQ, replies) stays UTF-8 instead of \uXXXX escapes: about a third of the size. */
  charset: 'utf8',
  /** The AWS SDK is bundled too: pinned versions, tree-shaken, no surprise from the runtime's copy. */
  externalModules: [] as string[],
  /**
   * Module substitutions, relative to the repository root (esbuild resolves aliases from its working
   * directory). The SDK's default credential chain becomes the chain that applies inside Lambda:
   * environment and container credentials only; likewise for bearer tokens.
   */
  alias: {
    '@aws-sdk/credential-provider-node': './lambdas/platform/lambda-credentials.ts',
    /** Bedrock's bearer-token providers, without the SSO-OIDC client (lambdas/platform/lambda-token-providers.ts). */
    '@aws-sdk/token-providers': './lambdas/platform/lambda-token-providers.ts',
  },
} as const;

const REPO_ROOT = join(__dirname, '..');

/** The generated schema modules of AWS SDK clients (one per client: every shape of the service). */
export const SDK_SCHEMA_MODULE = /[\\/]@aws-sdk[\\/][^\\/]+[\\/]dist-es[\\/](?:submodules[\\/][^\\/]+[\\/])?schemas[\\/]schemas_\d+\.js$/;

/**
 * Lets esbuild drop the shapes of operations we never call. The SDK's schema modules declare every
 * string once (`const _h = "http";`) and use them as computed keys of trait objects
 * (`{ [_h]: ["POST", ...] }`); a computed key could run code, so esbuild must keep every shape,
 * about 190 KB for Amazon Connect alone. Replacing each computed key by its string literal
 * (`{ "http": [...] }`) is the same object, and unused shapes become removable.
 */
export const foldSchemaKeys = (source: string): string => {
  const strings = new Map<string, string>();
  for (const m of source.matchAll(/^const (_[A-Za-z0-9_$]+) = ("(?:[^"\\\n]|\\.)*");$/gm)) {
    if (m[1] && m[2]) strings.set(m[1], m[2]);
  }
  return source.replace(/\[(_[A-Za-z0-9_$]+)\]:/g, (whole, name: string) => {
    const literal = strings.get(name);
    return literal === undefined ? whole : `${literal}:`;
  });
};

export const foldSchemaKeysPlugin: Plugin = {
  name: 'aicc-fold-sdk-schema-keys',
  setup(build) {
    build.onLoad({ filter: SDK_SCHEMA_MODULE }, async (args) => ({ contents: foldSchemaKeys(await readFile(args.path, 'utf8')), loader: 'js' }));
  },
};

/** The SDK's event-stream support, which its HTTP protocol code imports on demand (`await import(...)`). */
const EVENT_STREAMS_MODULE = /[\\/]@smithy[\\/]core[\\/]dist-es[\\/]submodules[\\/]event-streams[\\/]/;

/** Whether a bundle reaches the event-stream code other than through that on-demand import. */
export const reachesEventStreams = (metafile: Metafile): boolean => Object.keys(metafile.inputs).some((input) => EVENT_STREAMS_MODULE.test(input));

/**
 * Keeps the SDK's event-stream code (with its CRC32 and zlib) out of bundles that cannot use it.
 * Every client's protocol code imports `@smithy/core/event-streams` on demand, for event-stream
 * operations only, but a bundler must include what may be imported: about 25 KB and 3 to 4 ms of
 * cold start in every DynamoDB-only function. Clients with event-stream operations (Bedrock Runtime,
 * Lex) import the module statically, so a first pass over the bundle tells: when only the on-demand
 * import reaches it, that import gets lambdas/platform/no-event-streams.ts, which explains itself
 * should it ever load.
 */
export const eventStreamsPlugin: Plugin = {
  name: 'aicc-event-streams-on-demand',
  setup(build) {
    let reachable = true;
    build.onStart(async () => {
      const probe: Plugin = {
        name: 'aicc-event-streams-probe',
        setup(inner) {
          inner.onResolve({ filter: /^@smithy\/core\/event-streams$/ }, (args) => (args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined));
        },
      };
      const { initialOptions } = build;
      const first = await build.esbuild.build({
        ...initialOptions,
        plugins: [...(initialOptions.plugins ?? []).filter((p) => p.name !== 'aicc-event-streams-on-demand'), probe],
        write: false,
        metafile: true,
        minify: false,
        sourcemap: false,
        logLevel: 'silent',
      });
      reachable = reachesEventStreams(first.metafile);
    });
    build.onResolve({ filter: /^@smithy\/core\/event-streams$/ }, (args) =>
      !reachable && args.kind === 'dynamic-import' ? { path: join(REPO_ROOT, 'lambdas/platform/no-event-streams.ts') } : undefined,
    );
  },
};

/** The bundle as esbuild options. No source map: the bench and tests measure and run the code itself. */
export const lambdaBuildOptions = (entry: string, outfile: string): BuildOptions => ({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  minify: LAMBDA_BUNDLE.minify,
  target: LAMBDA_BUNDLE.target,
  format: LAMBDA_BUNDLE.format,
  mainFields: [...LAMBDA_BUNDLE.mainFields],
  charset: LAMBDA_BUNDLE.charset,
  external: [...LAMBDA_BUNDLE.externalModules],
  alias: { ...LAMBDA_BUNDLE.alias },
  plugins: [foldSchemaKeysPlugin, eventStreamsPlugin],
  absWorkingDir: REPO_ROOT,
  tsconfig: join(REPO_ROOT, 'tsconfig.json'),
  logLevel: 'silent',
});

/** What gets deployed: `index.js` plus a source map without sources (stack traces name our files). */
export const deployBuildOptions = (entry: string, outDir: string): BuildOptions => ({
  ...lambdaBuildOptions(entry, join(outDir, 'index.js')),
  sourcemap: true,
  sourcesContent: false,
  logLevel: 'warning',
});

/**
 * Bundles synchronously for CDK's local bundling (which cannot await): esbuild plugins need the
 * async API, so the build runs in a child `node` (through tsx, as `cdk synth` runs the app).
 */
export const bundleLambdaSync = (entry: string, outDir: string): void => {
  execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'), join(__dirname, 'bundle-lambda.ts'), entry, outDir], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
};
