import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { build, type BuildOptions, type Plugin } from 'esbuild';

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
const EVENT_STREAMS_SPECIFIER = /^@smithy\/core\/event-streams$/;

/**
 * An event-stream operation's schema: a union with the `streaming` trait (Bedrock's ConverseStream
 * output, Lex's StartConversation events), as the bundle prints it once foldSchemaKeys has run:
 * `[4, n0, _CSO, { "streaming": 1 }, ...]`. Blob payloads are streamed by a member trait, not this.
 */
const EVENT_STREAM_UNION = /\[\s*4\s*,[^[\]{}]*\{\s*"?streaming"?\s*:\s*1\s*\}/;

/** Whether bundled code (unminified, schema keys folded) keeps an event-stream operation. */
export const hasEventStreamOperation = (code: string): boolean => EVENT_STREAM_UNION.test(code);

/** Each AWS SDK client's Node runtime configuration (its default HTTP handler and event-stream providers). */
const SDK_RUNTIME_CONFIG = /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]runtimeConfig\.js$/;

const NO_EVENT_STREAMS = join(REPO_ROOT, 'lambdas/platform/no-event-streams.ts');
const NO_EVENT_STREAM_PROVIDERS = join(REPO_ROOT, 'lambdas/platform/no-event-stream-providers.ts');

/**
 * A client runtime configuration for a bundle with no event-stream operation:
 * - its event-stream providers (the SDK's codec, CRC32 and zlib) become
 *   lambdas/platform/no-event-stream-providers.ts, whose providers explain themselves if ever used;
 * - its default HTTP handler is the HTTP/1.1 one. Bedrock Runtime and Lex default to HTTP/2, which
 *   only their bidirectional streams need; every client we create is given timedHttpHandler
 *   (lambdas/platform/http-handler.ts) anyway, so the default only decides what gets loaded: the
 *   `http2` module and its `assert`, a few ms of every cold start.
 * Every substitution must apply: an SDK release that changes these lines fails the build instead
 * of silently keeping the code.
 */
export const withoutEventStreams = (source: string, file: string): string => {
  const substitutions: [string, string][] = [];
  if (source.includes('"@aws-sdk/eventstream-handler-node"')) {
    substitutions.push([
      'import { eventStreamPayloadHandlerProvider } from "@aws-sdk/eventstream-handler-node";',
      `import { eventStreamPayloadHandlerProvider } from ${JSON.stringify(NO_EVENT_STREAM_PROVIDERS)};`,
    ]);
  }
  if (source.includes('eventStreamSerdeProvider')) {
    substitutions.push([
      'import { eventStreamSerdeProvider } from "@smithy/core/event-streams";',
      `import { eventStreamSerdeProvider } from ${JSON.stringify(NO_EVENT_STREAM_PROVIDERS)};`,
    ]);
  }
  if (source.includes('NodeHttp2Handler')) substitutions.push(['NodeHttp2Handler as RequestHandler', 'NodeHttpHandler as RequestHandler']);
  return substitutions.reduce((code, [from, to]) => {
    if (!code.includes(from)) throw new Error(`${file}: expected \`${from}\` (lib/bundling.ts withoutEventStreams needs updating for this AWS SDK release)`);
    return code.replace(from, to);
  }, source);
};

/**
 * Keeps the SDK's event-stream code (its codec, CRC32 with zlib, and the HTTP/2 handler that only
 * bidirectional streams need) out of bundles none of whose operations streams events: about 25 KB and
 * several ms of cold start. A first, unminified pass over the bundle tells whether any event-stream
 * operation's schema survived tree-shaking (hasEventStreamOperation). If none did:
 * - the protocol code's on-demand `import("@smithy/core/event-streams")` gets
 *   lambdas/platform/no-event-streams.ts, which explains itself should it ever load;
 * - each client's runtime configuration gets withoutEventStreams.
 * A bundle that calls ConverseStream or StartConversation keeps everything as the SDK ships it.
 */
export const eventStreamsPlugin: Plugin = {
  name: 'aicc-event-streams-on-demand',
  setup(build) {
    let needed = true;
    build.onStart(async () => {
      const { initialOptions } = build;
      const probe = await build.esbuild.build({
        ...initialOptions,
        plugins: (initialOptions.plugins ?? []).filter((p) => p.name !== 'aicc-event-streams-on-demand'),
        write: false,
        minify: false,
        sourcemap: false,
        metafile: false,
        logLevel: 'silent',
      });
      needed = probe.outputFiles.some((file) => hasEventStreamOperation(file.text));
    });
    build.onResolve({ filter: EVENT_STREAMS_SPECIFIER }, (args) => (!needed && args.kind === 'dynamic-import' ? { path: NO_EVENT_STREAMS } : undefined));
    build.onLoad({ filter: SDK_RUNTIME_CONFIG }, async (args) =>
      needed ? undefined : { contents: withoutEventStreams(await readFile(args.path, 'utf8'), args.path), loader: 'js', resolveDir: dirname(args.path) },
    );
  },
};

/**
 * @middy/core imports `node:stream/web` for response streaming only; in our bundles that import gets
 * lambdas/platform/web-streams-on-demand.ts, which reads the same `ReadableStream` when middy uses it.
 */
export const middyWebStreamsPlugin: Plugin = {
  name: 'aicc-middy-web-streams',
  setup(build) {
    build.onResolve({ filter: /^node:stream\/web$/ }, (args) =>
      /[\\/]node_modules[\\/]@middy[\\/]core[\\/]/.test(args.importer) ? { path: join(REPO_ROOT, 'lambdas/platform/web-streams-on-demand.ts') } : undefined,
    );
  },
};

/** Where a function's on-demand packages go, next to its `index.js`. */
export const ON_DEMAND_DIR = 'on-demand';

/** `@aws-sdk/client-sqs` → `on-demand/aws-sdk__client-sqs.js` */
export const onDemandFile = (specifier: string): string => `${ON_DEMAND_DIR}/${specifier.replace(/^@/, '').replace(/\//g, '__')}.js`;

const isOurSource = (file: string): boolean => !/[\\/]node_modules[\\/]/.test(file) && file.startsWith(REPO_ROOT);

/**
 * On-demand imports become files of their own. `await import('@aws-sdk/client-sqs')` in our code
 * marks a package a function rarely needs (the Kakao deferral queue, a Lex engine the deployment did
 * not choose). A CommonJS bundle cannot split, so esbuild would inline the package anyway, and
 * worse, wrap every module it shares with the rest of the bundle (most of the SDK core) in a lazy
 * initialiser: slower to load than a plain static import. Instead the import stays a `require` of
 * `on-demand/<package>.js`, bundled separately by bundleLambda with its own copy of the SDK core,
 * which it loads the first time it is used (about 10 ms, once per container, on an already rare path).
 * Only npm packages can be on demand: a second copy of one of our modules would have its own state
 * (caches, tracing context), so a relative `import()` fails the build.
 */
export const onDemandPackagesPlugin = (found: Set<string> = new Set()): Plugin => ({
  name: 'aicc-on-demand-packages',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind !== 'dynamic-import' || !isOurSource(args.importer)) return undefined;
      if (args.path.startsWith('node:')) return undefined;
      if (args.path.startsWith('.') || args.path.startsWith('/') || args.path.startsWith('@domain/')) {
        return { errors: [{ text: `import('${args.path}'): only npm packages can be loaded on demand in a Lambda bundle (lib/bundling.ts onDemandPackagesPlugin)` }] };
      }
      found.add(args.path);
      return { path: `./${onDemandFile(args.path)}`, external: true };
    });
  },
});

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
  /** `import()` of an on-demand file or a builtin becomes `require`: no ESM loader in a CommonJS function. */
  supported: { 'dynamic-import': false },
  plugins: [foldSchemaKeysPlugin, eventStreamsPlugin, middyWebStreamsPlugin, onDemandPackagesPlugin()],
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

export interface LambdaBundle {
  /** The handler's file, `<outDir>/index.js` */
  readonly index: string;
  /** Each on-demand package's file (onDemandPackagesPlugin), loaded on first use only */
  readonly onDemand: readonly string[];
}

/**
 * A function's deployable directory: `index.js`, then each package it imports on demand as
 * `on-demand/<package>.js` (same options: minified, credential chain aliased, schema keys folded),
 * every file with its source map. What CDK uploads, what the bench measures and the bundle tests run.
 */
export const bundleLambda = async (entry: string, outDir: string): Promise<LambdaBundle> => {
  const packages = new Set<string>();
  const main = deployBuildOptions(entry, outDir);
  await build({ ...main, plugins: [foldSchemaKeysPlugin, eventStreamsPlugin, middyWebStreamsPlugin, onDemandPackagesPlugin(packages)] });
  const onDemand = await Promise.all(
    [...packages].sort().map(async (specifier) => {
      const outfile = join(outDir, onDemandFile(specifier));
      await build({
        ...main,
        entryPoints: undefined,
        stdin: { contents: `export * from ${JSON.stringify(specifier)};`, resolveDir: REPO_ROOT, sourcefile: `on-demand:${specifier}`, loader: 'ts' },
        outfile,
      });
      return outfile;
    }),
  );
  return { index: join(outDir, 'index.js'), onDemand };
};

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
