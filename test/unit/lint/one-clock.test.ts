import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Issue 16: business time comes from an injected Clock. The lint rule is what keeps a new
 * `new Date()` default (the class of bug that made callbacks "expire" when the real date moved on)
 * out of the domain and the adapters; here it is shown to catch each way of reading the machine's time.
 * ESLint's flat config is an ES module, which jest's CommonJS runtime cannot import: the project's
 * real config is loaded by ESLint in a child Node process, as `npm run lint` loads it.
 */
const root = join(__dirname, '../../..');

type Case = { readonly path: string; readonly code: string };
const lint = (cases: readonly Case[]): string[][] => {
  const script = `
    const { ESLint } = require('eslint');
    const cases = JSON.parse(process.argv[1]);
    (async () => {
      const eslint = new ESLint({ cwd: process.cwd() });
      const out = [];
      for (const c of cases) {
        const [r] = await eslint.lintText(c.code, { filePath: require('node:path').join(process.cwd(), c.path) });
        out.push(r.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message));
      }
      process.stdout.write(JSON.stringify(out));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script, JSON.stringify(cases)], { cwd: root, encoding: 'utf8' })) as string[][];
};

const READS = {
  'new Date()': 'export const stamp = (): string => new Date().toISOString();\n',
  'Date.now()': 'export const ms = (): number => Date.now();\n',
  'Date()': 'export const text = (): string => Date();\n',
  'a new Date() default': 'export const f = (now = new Date()): number => now.getTime();\n',
};

describe('the one-clock lint rule', () => {
  it('rejects every read of the system time in lambdas/domain and lambdas/adapters, allows built dates and the clock module', () => {
    const rejected = Object.values(READS).flatMap((code) => [
      { path: 'lambdas/domain/callbacks/example.ts', code },
      { path: 'lambdas/adapters/dynamodb/example.ts', code },
    ]);
    const allowed: Case[] = [
      { path: 'lambdas/domain/example.ts', code: 'export const at = (iso: string): Date => new Date(iso);\nexport const epoch = new Date(0);\n' },
      { path: 'lambdas/domain/clock.ts', code: 'export const ms = (): number => Date.now();\n' },
    ];
    const results = lint([...rejected, ...allowed]);
    expect(results.slice(0, rejected.length).map((m) => m.length)).toEqual(rejected.map(() => 1));
    expect(results.slice(rejected.length)).toEqual([[], []]);
  });
});
