import { mkdtempSync, readdirSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { LAMBDA_BUNDLE } from '../lib/bundling';
import { TABLE_KEYS, TABLES } from '../lib/tables';
import { nodeStartMs, type Row } from './lib';

const ROOT = join(__dirname, '..');

/**
 * Every Lambda bundled exactly as CDK bundles it: minified size, and the cold module-load time
 * (a fresh `node` requiring the bundle) as a ratio to a bare `node -e ''` measured in the same run.
 */
export const runBundleBench = async (runs = 7): Promise<Row[]> => {
  const out = mkdtempSync(join(tmpdir(), 'aicc-bench-'));
  const lambdas = readdirSync(join(ROOT, 'lambdas')).filter((d) => existsSync(join(ROOT, 'lambdas', d, 'handler.ts')));
  // Handlers read their config at load: give them the table variables a deployment would.
  const env = { ...process.env, ...Object.fromEntries(TABLE_KEYS.map((k) => [TABLES[k].envVar, `bench-${k}`])), AWS_REGION: 'ap-northeast-2', POWERTOOLS_TRACE_ENABLED: 'false' };
  const bare = nodeStartMs(['-e', ''], runs, env);
  const rows: Row[] = [];
  for (const name of lambdas) {
    const outfile = join(out, `${name}.js`);
    await build({
      entryPoints: [join(ROOT, 'lambdas', name, 'handler.ts')],
      bundle: true,
      platform: 'node',
      minify: LAMBDA_BUNDLE.minify,
      target: LAMBDA_BUNDLE.target,
      format: LAMBDA_BUNDLE.format,
      mainFields: [...LAMBDA_BUNDLE.mainFields],
      charset: LAMBDA_BUNDLE.charset,
      external: [...LAMBDA_BUNDLE.externalModules],
      tsconfig: join(ROOT, 'tsconfig.json'),
      outfile,
      logLevel: 'silent',
    });
    const load = nodeStartMs(['-e', `require(${JSON.stringify(outfile)})`], runs, env);
    rows.push({
      lambda: name,
      bundleKB: Math.round(statSync(outfile).size / 1024),
      coldLoadMs: load,
      bareNodeMs: bare,
      coldLoadRatio: load / bare,
    });
  }
  return rows;
};
