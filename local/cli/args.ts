/** Minimal flag parsing for the project CLI: `--flag`, `--key value`, `--key=value`, positionals. */
export interface ParsedArgs {
  readonly positional: string[];
  readonly flags: Record<string, string | true>;
}

export const parseArgs = (argv: readonly string[]): ParsedArgs => {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [key, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const next = argv[i + 1];
    if (inline !== undefined) flags[key] = inline;
    else if (next !== undefined && !next.startsWith('--') && VALUE_FLAGS.has(key)) {
      flags[key] = next;
      i++;
    } else flags[key] = true;
  }
  return { positional, flags };
};

/** Flags that take a value (the rest are switches). */
const VALUE_FLAGS = new Set(['port', 'store-port', 'data-dir', 'endpoint', 'at', 'caller', 'channel', 'profile', 'file', 'template']);

export const intFlag = (value: string | true | undefined, fallback: number, name: string): number => {
  if (value === undefined || value === true) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--${name} must be a whole number (got "${value}")`);
  return n;
};
