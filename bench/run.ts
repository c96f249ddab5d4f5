import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBundleBench } from './bundles';
import { runCustomerValidationBench } from './customer-validation';
import { runFaqBench } from './faq';
import { runKakaoLoadBench } from './kakao-load';
import { printTable, type Row } from './lib';
import { runNluBench } from './nlu';
import { runStartupBench } from './startup';
import { runWarmBench } from './warm';

/**
 * `npm run bench`: prints each bench as a table and writes all figures to bench/results/<time>.json.
 * Figures only: targets are compared by people (see README), never asserted in tests.
 * `npm run bench -- bundles` runs one bench by name.
 */
const BENCHES: Record<string, { title: string; run: () => Promise<Row[]> }> = {
  bundles: { title: 'Lambda bundles (target: ≤ 700 KB, cold load ≤ 1.8× bare node; customer-validation ≤ 1.5×)', run: () => runBundleBench() },
  nlu: {
    title: 'Offline NLU on the held-out split (target ≥ 92% accuracy, load ≤ 30 ms, classify ≤ 1 ms)',
    run: async () => Object.entries(await runNluBench()).map(([figure, value]) => ({ figure, value })),
  },
  faq: { title: 'FAQ top-1 accuracy on held-out queries, with out-of-domain rejection (bench/faq-heldout.json)', run: () => runFaqBench() },
  'customer-validation': { title: 'customer-validation warm latency against the local store (target p99 ≤ 30 ms)', run: () => runCustomerValidationBench() },
  warm: {
    title: 'Warm handler latency per Lambda against the local store, DynamoDB requests per call (target: p99 ≤ 30 ms; ≤ 2 requests per chatbot turn)',
    run: () => runWarmBench(),
  },
  'kakao-load': { title: 'Local Kakao endpoint under load from a second process (autocannon, 10 s, FAQ turns; target ≥ 300 req/s)', run: () => runKakaoLoadBench() },
  startup: { title: '`npm start` ready (spawn → /health 200) and Ctrl-C exit (target: ready ≤ 3 s)', run: () => runStartupBench() },
};

const main = async () => {
  const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const results: Record<string, Row[]> = {};
  // Benches that load handlers in this process set their tables etc. in process.env; a later bench
  // spawning `npm start` would inherit them (and count statistics in another table). Each starts clean.
  const environment = { ...process.env };
  for (const [name, bench] of Object.entries(BENCHES)) {
    if (only.length > 0 && !only.includes(name)) continue;
    for (const key of Object.keys(process.env)) if (!(key in environment)) delete process.env[key];
    Object.assign(process.env, environment);
    results[name] = await bench.run();
    printTable(bench.title, results[name]);
  }
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ node: process.version, at: new Date().toISOString(), results }, null, 2));
  console.log(`\nfigures written to ${file}`);
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
