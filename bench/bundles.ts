import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { bundleLambda } from '../lib/bundling';
import { deployedFunctions } from './deployed';
import { summarize, type Row } from './lib';

/** What the Lambda runtime adds to the environment (credentials are never used at load). */
const RUNTIME_ENV = {
  AWS_REGION: 'ap-northeast-2',
  AWS_ACCESS_KEY_ID: 'ASIABENCH',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SESSION_TOKEN: 'bench',
  AWS_LAMBDA_FUNCTION_NAME: 'bench',
  NODE_NO_WARNINGS: '1',
};

/** Wall time of one `node args` run, and the CPU time the process reports at exit (less sensitive to a busy machine). */
const runNode = (args: string[], env: NodeJS.ProcessEnv): { wallMs: number; cpuMs: number } => {
  const probe = "process.on('exit',()=>{const u=process.cpuUsage();process.stdout.write(String((u.user+u.system)/1000))})";
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-e', `${probe};${args.length ? `require(${JSON.stringify(args[0])})` : ''}`], { env, encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${r.stderr}`);
  return { wallMs, cpuMs: Number(r.stdout.trim()) };
};

/**
 * Every function as it deploys (lib/bundling.ts: the same bundle and source map CDK uploads, the
 * environment CDK gives it): minified size, and the cold
 * module load of a fresh `node` requiring it, as a ratio to a bare `node -e ''` with the same
 * environment, measured twice:
 * - `coldLoadRatio`: in this machine's shell environment (the issue's definition). Note that this
 *   machine sets NODE_EXTRA_CA_CERTS, which makes every node start, bare ones included, parse a CA
 *   bundle (~30 ms): the ratio is flattered by that.
 * - `lambdaEnvRatio`: with only what Lambda sets (no NODE_EXTRA_CA_CERTS): the stricter figure.
 * `cpuRatio` is the same as coldLoadRatio in CPU time the process reports, steadier on a busy machine.
 * Runs are interleaved (bare, then the bundle, per function, `runs` times) so a busy moment hurts
 * every row alike.
 */
export const runBundleBench = async (runs = 15): Promise<Row[]> => {
  const out = mkdtempSync(join(tmpdir(), 'aicc-bench-'));
  const functions = deployedFunctions();
  // This shell's environment minus what npm and tsx add (npm_*, tsx's loader): what `node -e ''` sees when typed here.
  const shell = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('npm_') && k !== 'NODE_OPTIONS'));
  const bundles = await Promise.all(
    functions.map(async (f) => {
      const dir = join(out, f.name);
      const { index, onDemand } = await bundleLambda(f.entry, dir);
      const lambda = { ...RUNTIME_ENV, ...f.environment };
      return { ...f, file: index, onDemand, envs: { machine: { ...shell, ...lambda }, lambda: { PATH: process.env.PATH ?? '', ...lambda } } };
    }),
  );
  type Samples = Record<string, number[]>;
  const samples: Samples = {};
  const add = (key: string, value: number) => (samples[key] ??= []).push(value);
  for (let run = 0; run < runs; run++) {
    for (const b of bundles) {
      for (const [kind, env] of Object.entries(b.envs)) {
        const base = runNode([], env);
        const load = runNode([b.file], env);
        add(`${b.name}:${kind}:bare`, base.wallMs);
        add(`${b.name}:${kind}:load`, load.wallMs);
        add(`${b.name}:${kind}:bareCpu`, base.cpuMs);
        add(`${b.name}:${kind}:loadCpu`, load.cpuMs);
      }
    }
  }
  const p50 = (key: string) => summarize(samples[key] ?? []).p50;
  return bundles.map((b) => ({
    lambda: b.name,
    bundleKB: Math.round(statSync(b.file).size / 1024),
    sourceMapKB: Math.round(statSync(`${b.file}.map`).size / 1024),
    onDemandKB: b.onDemand.length ? b.onDemand.map((file) => `${basename(file, '.js')} ${Math.round(statSync(file).size / 1024)}`).join(', ') : '-',
    coldLoadMs: p50(`${b.name}:machine:load`),
    bareNodeMs: p50(`${b.name}:machine:bare`),
    coldLoadRatio: p50(`${b.name}:machine:load`) / p50(`${b.name}:machine:bare`),
    cpuRatio: p50(`${b.name}:machine:loadCpu`) / p50(`${b.name}:machine:bareCpu`),
    lambdaEnvLoadMs: p50(`${b.name}:lambda:load`),
    lambdaEnvBareMs: p50(`${b.name}:lambda:bare`),
    lambdaEnvRatio: p50(`${b.name}:lambda:load`) / p50(`${b.name}:lambda:bare`),
    target: `≤ 700 KB, ≤ ${b.name === 'customer-validation' ? '1.5' : '1.8'}×`,
  }));
};
