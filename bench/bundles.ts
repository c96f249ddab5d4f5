import { mkdtempSync, readdirSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { lambdaBuildOptions } from '../lib/bundling';
import { TABLE_KEYS, TABLES } from '../lib/tables';
import { nodeStartMs, type Row } from './lib';

const ROOT = join(__dirname, '..');

/** Functions deployed from a second file of a folder. */
const EXTRA_ENTRIES: Record<string, string[]> = { 'callback-scheduler': ['dispatcher'], 'kakao-webhook': ['worker'] };

/** Non-table settings the deployed functions get (placeholders: nothing is called at load). */
const DEPLOYED_ENV: Record<string, string> = {
  KAKAO_SKILL_SECRET_ID: 'aicc/bench/kakao-skill-secret',
  KAKAO_COMPLETION_QUEUE_URL: 'https://sqs.ap-northeast-2.amazonaws.com/123456789012/aicc-bench-kakao-completions',
  CONNECT_INSTANCE_ID: '11111111-2222-3333-4444-555555555555',
  OUTBOUND_CONTACT_FLOW_ID: 'ffffffff-0000-4000-8000-00000000f10w',
  CALLBACK_QUEUE_ID: 'aaaaaaaa-0000-4000-8000-00000000cbcb',
  STAGE: 'dev',
};

/**
 * Every Lambda bundled exactly as CDK bundles it: minified size, and the cold module-load time
 * (a fresh `node` requiring the bundle) as a ratio to a bare `node -e ''` measured in the same run.
 */
export const runBundleBench = async (runs = 7): Promise<Row[]> => {
  const out = mkdtempSync(join(tmpdir(), 'aicc-bench-'));
  // Every deployed entry: each folder's handler.ts, plus the second functions of a folder (dispatcher, worker).
  const lambdas = readdirSync(join(ROOT, 'lambdas'))
    .flatMap((d) => ['handler', ...(EXTRA_ENTRIES[d] ?? [])].map((file) => ({ dir: d, file })))
    .filter(({ dir, file }) => existsSync(join(ROOT, 'lambdas', dir, `${file}.ts`)));
  // Handlers read their config at load: give them what a deployment would (tables, secret id, queue, Connect ids).
  const env = {
    ...process.env,
    ...Object.fromEntries(TABLE_KEYS.map((k) => [TABLES[k].envVar, `bench-${k}`])),
    ...DEPLOYED_ENV,
    AWS_REGION: 'ap-northeast-2',
    POWERTOOLS_TRACE_ENABLED: 'false',
  };
  const bare = nodeStartMs(['-e', ''], runs, env);
  const rows: Row[] = [];
  for (const { dir, file } of lambdas) {
    const name = file === 'handler' ? dir : `${dir}/${file}`;
    const outfile = join(out, `${name.replace('/', '--')}.js`);
    await build(lambdaBuildOptions(join(ROOT, 'lambdas', dir, `${file}.ts`), outfile));
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
