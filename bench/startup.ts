import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarize, type Row } from './lib';

/**
 * `npm start` readiness (target ≤ 3 s): wall time from spawning the CLI exactly as `npm start` runs
 * it until `/health` answers 200 with the store ready, and from Ctrl-C (SIGINT) until the process
 * has exited. Three cases: a fresh data directory (tables created, sample data seeded), the same
 * directory again (restart: nothing to seed), and `--in-memory`.
 */
const ROOT = join(__dirname, '..');

interface Run {
  readyMs: number;
  stopMs: number;
  exitCode: number | null;
}

const startOnce = (args: string[]): Promise<Run> =>
  new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
    const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'bin/aicc-cli.ts', 'start', ...args], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', POWERTOOLS_LOG_LEVEL: 'SILENT' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let polling = false;
    const fail = (error: Error) => {
      child.kill('SIGKILL');
      reject(error);
    };
    const timer = setTimeout(() => fail(new Error(`not ready after 30 s:\n${out}`)), 30_000);
    const poll = async (url: string) => {
      for (;;) {
        try {
          const res = await fetch(`${url}/health`);
          if (res.status === 200) return;
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /URL\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (!m?.[1] || polling) return;
      polling = true;
      void poll(m[1]).then(() => {
        const readyMs = elapsed();
        clearTimeout(timer);
        const stopStart = process.hrtime.bigint();
        child.once('exit', (code) => resolve({ readyMs, stopMs: Number(process.hrtime.bigint() - stopStart) / 1e6, exitCode: code }));
        child.kill('SIGINT');
      });
    });
    child.once('error', fail);
  });

export const runStartupBench = async (runs = 3): Promise<Row[]> => {
  const rows: Row[] = [];
  const cases: { label: string; args: () => string[]; cleanup?: () => void }[] = [];
  const fresh: string[] = [];
  const reused = mkdtempSync(join(tmpdir(), 'aicc-bench-restart-'));
  cases.push({
    label: 'fresh data dir (create + seed)',
    args: () => {
      const dir = mkdtempSync(join(tmpdir(), 'aicc-bench-fresh-'));
      fresh.push(dir);
      return ['--data-dir', dir];
    },
  });
  cases.push({ label: 'restart (existing data dir)', args: () => ['--data-dir', reused] });
  cases.push({ label: '--in-memory', args: () => ['--in-memory'] });
  // The restart case needs a directory that was started once already.
  await startOnce(['--data-dir', reused]);
  try {
    for (const c of cases) {
      const samples: Run[] = [];
      for (let i = 0; i < runs; i++) samples.push(await startOnce(c.args()));
      const ready = summarize(samples.map((s) => s.readyMs));
      const stop = summarize(samples.map((s) => s.stopMs));
      rows.push({
        case: c.label,
        runs,
        readyP50Ms: Math.round(ready.p50),
        readyMaxMs: Math.round(Math.max(...samples.map((s) => s.readyMs))),
        stopP50Ms: Math.round(stop.p50),
        cleanExits: samples.filter((s) => s.exitCode === 0).length,
        target: '≤ 3000 ms ready',
      });
    }
  } finally {
    for (const dir of [...fresh, reused]) rmSync(dir, { recursive: true, force: true });
  }
  return rows;
};
