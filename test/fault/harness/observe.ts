import { systemClock } from '@domain/clock';
import { seedSampleData } from '../../../local/seed/seed';
import { createTestTables, type TestTables } from '../../int/harness/store';

/**
 * What the fault suite looks at besides the answer: the Powertools log lines and the EMF metric
 * documents each Lambda prints. Both go to the process streams (Powertools writes through its own
 * `Console` on process.stdout / process.stderr), so the capture wraps `write` on both streams while
 * the handler runs, and parses every JSON line.
 */
export interface LogLine {
  readonly level?: string;
  readonly message?: string;
  readonly [key: string]: unknown;
}

export interface Captured {
  /** Every raw line printed (logs and EMF). */
  readonly lines: string[];
  /** Powertools log records (JSON lines with a `level`). */
  logs(): LogLine[];
  /** Names of the metrics in every EMF document printed. */
  metricNames(): string[];
}

/** Runs `fn` while capturing stdout and stderr; the streams are restored even when `fn` throws. */
export const capture = async <T>(fn: () => Promise<T>): Promise<{ result: T; out: Captured; elapsedMs: number }> => {
  const lines: string[] = [];
  const originals = { out: process.stdout.write, err: process.stderr.write };
  const tap = (chunk: unknown): boolean => {
    lines.push(...String(chunk).split('\n').filter((l) => l.trim()));
    return true;
  };
  process.stdout.write = tap as typeof process.stdout.write;
  process.stderr.write = tap as typeof process.stderr.write;
  const started = performance.now();
  try {
    const result = await fn();
    return { result, out: view(lines), elapsedMs: performance.now() - started };
  } finally {
    process.stdout.write = originals.out;
    process.stderr.write = originals.err;
  }
};

const json = (line: string): Record<string, unknown> | undefined => {
  try {
    const v = JSON.parse(line) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

const view = (lines: string[]): Captured => ({
  lines,
  logs: () => lines.map(json).filter((v): v is LogLine => typeof v?.level === 'string'),
  metricNames: () =>
    lines
      .map(json)
      .flatMap((v) => ((v?._aws as { CloudWatchMetrics?: { Metrics: { Name: string }[] }[] } | undefined)?.CloudWatchMetrics ?? []))
      .flatMap((m) => m.Metrics.map((x) => x.Name)),
});

/** Korean phone numbers as callers dial them or as E.164: none may appear in any printed line. */
export const RAW_PHONE = /(\+82\s?1\d[\s-]?\d{3,4}[\s-]?\d{4})|(\b01[016789][\s-]?\d{3,4}[\s-]?\d{4}\b)|(\b0[2-6]\d?[\s-]?\d{3,4}[\s-]?\d{4}\b)/;

/** The failure was logged at WARN or ERROR, and no printed line carries a raw phone number. */
export const expectLoggedWithoutPii = (out: Captured, message?: RegExp): LogLine[] => {
  const problems = out.logs().filter((l) => l.level === 'ERROR' || l.level === 'WARN' || l.level === 'CRITICAL');
  expect(problems.length).toBeGreaterThan(0);
  if (message) expect(problems.map((l) => String(l.message))).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  for (const line of out.lines) expect(line).not.toMatch(RAW_PHONE);
  return problems;
};

export const expectMetered = (out: Captured, ...names: string[]): void => {
  expect(out.metricNames()).toEqual(expect.arrayContaining(names));
};

/** Channel contract bounds (not speed targets): Connect gives a Lambda 8 s, Kakao waits 5 s. */
export const CONNECT_BUDGET_MS = 8000;
export const KAKAO_BUDGET_MS = 5000;

/** Env every fault-suite handler loads with: metrics and logs on, so the failure can be seen. */
export const OBSERVED_ENV = {
  POWERTOOLS_METRICS_DISABLED: 'false',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  POWERTOOLS_DEV: 'false',
  STAGE: 'test',
};

/** A DynamoDB endpoint nothing listens on (the discard port): connections are refused at once. */
export const DEAD_ENDPOINT = 'http://127.0.0.1:9';

/** Fresh tables on the suite's local store, with the sample customers, FAQs and the rest seeded. */
export const seededTables = async (label: string): Promise<TestTables> => {
  const tables = await createTestTables(label);
  await seedSampleData(tables.doc, tables.names, systemClock.now());
  return tables;
};

/** Sets a handler's environment (each module reads its config at load), metrics and logs on. */
export const applyEnv = (env: Record<string, string>): void => {
  Object.assign(process.env, { POWERTOOLS_TRACE_ENABLED: 'false', AWS_REGION: 'ap-northeast-2', ...OBSERVED_ENV, ...env });
};

/**
 * Loads a handler module in its own module registry with `env` applied first: one copy talks to the
 * live store, another to a dead endpoint, in one test file. The isolated copy has its own AWS SDK
 * modules too, so `load` returns whatever SDK classes the test mocks from the same registry.
 */
export const loadIsolated = async <T>(env: Record<string, string>, load: () => Promise<T>): Promise<T> => {
  applyEnv(env);
  let mod: T | undefined;
  await jest.isolateModulesAsync(async () => {
    mod = await load();
  });
  return mod as T;
};
