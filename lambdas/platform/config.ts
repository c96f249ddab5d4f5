import { ConfigError } from '@domain/errors';

/**
 * Each Lambda reads its environment once, at module load, through a schema: a missing or malformed
 * variable stops the cold start with a clear message (every problem at once) instead of surfacing
 * as a wrong answer later.
 *
 * Plain readers rather than a validation library: this runs in every cold start, and building the
 * equivalent zod schemas cost several milliseconds of each function's module load. An empty
 * variable counts as unset (a template's blank value means "the default").
 */
export interface EnvVar<T> {
  /** The value of the variable from its raw text (undefined when unset); throws an EnvProblem. */
  readonly read: (raw: string | undefined) => T;
}

/** What is wrong with one variable; loadConfig prefixes it with the variable's name. */
export class EnvProblem extends Error {
  override readonly name = 'EnvProblem';
}

export type EnvSpec = Record<string, EnvVar<unknown>>;
export type ConfigOf<S extends EnvSpec> = { [K in keyof S]: S[K] extends EnvVar<infer T> ? T : never };

/** A rule over several variables (`STATISTICS_INLINE needs STATISTICS_TABLE`). */
export interface ConfigRule<C> {
  readonly holds: (config: C) => unknown;
  readonly message: string;
}

export interface ConfigSchema<S extends EnvSpec> {
  readonly vars: S;
  readonly rules: readonly ConfigRule<ConfigOf<S>>[];
}

export const configSchema = <S extends EnvSpec>(vars: S, ...rules: ConfigRule<ConfigOf<S>>[]): ConfigSchema<S> => ({ vars, rules });

export const loadConfig = <S extends EnvSpec>(schema: ConfigSchema<S>, env: NodeJS.ProcessEnv = process.env): ConfigOf<S> => {
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const [key, variable] of Object.entries(schema.vars)) {
    try {
      config[key] = variable.read(env[key]);
    } catch (error) {
      if (!(error instanceof EnvProblem)) throw error;
      problems.push(`${key}: ${error.message}`);
    }
  }
  if (problems.length === 0) {
    for (const rule of schema.rules) if (!rule.holds(config as ConfigOf<S>)) problems.push(rule.message);
  }
  if (problems.length > 0) throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  return config as ConfigOf<S>;
};

const unset = (raw: string | undefined): raw is undefined => raw === undefined || raw === '';

/** Integer env var with bounds and a documented default. */
export const intVar = (fallback: number, min: number, max: number): EnvVar<number> => ({
  read: (raw) => {
    if (unset(raw)) return fallback;
    const text = raw.trim();
    const value = Number(text);
    if (!/^-?\d+$/.test(text) || value < min || value > max) throw new EnvProblem(`must be a whole number from ${min} to ${max} (got "${raw}")`);
    return value;
  },
});

const TRUE = new Set(['true', '1', 'yes']);
const FALSE = new Set(['false', '0', 'no']);

/** `true`/`false`/`1`/`0`/`yes`/`no` env var. */
export const boolVar = (fallback: boolean): EnvVar<boolean> => ({
  read: (raw) => {
    if (unset(raw)) return fallback;
    const text = raw.trim().toLowerCase();
    if (TRUE.has(text)) return true;
    if (FALSE.has(text)) return false;
    throw new EnvProblem(`must be true or false (got "${raw}")`);
  },
});

export const tableVar = (): EnvVar<string> => ({
  read: (raw) => {
    if (unset(raw)) throw new EnvProblem('required (a DynamoDB table name)');
    return raw;
  },
});

export interface StringRules {
  readonly minLength?: number;
  readonly pattern?: RegExp;
  /** Must be an absolute http(s) URL */
  readonly url?: boolean;
  /** Replaces the generic message when a rule fails */
  readonly message?: string;
}

const checkString = (raw: string, rules: StringRules): string => {
  const problem =
    rules.minLength !== undefined && raw.length < rules.minLength
      ? `must be at least ${rules.minLength} characters`
      : rules.pattern && !rules.pattern.test(raw)
        ? `must match ${String(rules.pattern)}`
        : rules.url && !/^https?:\/\/[^\s/]+/i.test(raw)
          ? 'must be an http(s) URL'
          : undefined;
  if (problem) throw new EnvProblem(rules.message ?? problem);
  return raw;
};

/** A text variable with a default. */
export const textVar = (fallback: string, rules: StringRules = {}): EnvVar<string> => ({
  read: (raw) => (unset(raw) ? fallback : checkString(raw, rules)),
});

/** A text variable that may be absent. */
export const optionalVar = (rules: StringRules = {}): EnvVar<string | undefined> => ({
  read: (raw) => (unset(raw) ? undefined : checkString(raw, rules)),
});

/** One of a fixed set of words, with a default. */
export const choiceVar = <const T extends string>(choices: readonly T[], fallback: NoInfer<T>): EnvVar<T> => ({
  read: (raw) => (unset(raw) ? fallback : pick(choices, raw)),
});

/** One of a fixed set of words, or absent. */
export const optionalChoiceVar = <const T extends string>(choices: readonly T[]): EnvVar<T | undefined> => ({
  read: (raw) => (unset(raw) ? undefined : pick(choices, raw)),
});

const pick = <T extends string>(choices: readonly T[], raw: string): T => {
  const found = choices.find((c) => c === raw);
  if (found === undefined) throw new EnvProblem(`must be one of ${choices.join(', ')} (got "${raw}")`);
  return found;
};

/** A comma-separated list (`2026-05-01, 2026-10-09`). */
export const listVar = (): EnvVar<string[]> => ({
  read: (raw) => (unset(raw) ? [] : raw.split(',').map((item) => item.trim()).filter(Boolean)),
});
