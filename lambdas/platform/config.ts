import { z } from 'zod';
import { ConfigError } from '@domain/errors';

/**
 * Each Lambda reads its environment once, at module load, through a schema: a missing or malformed
 * variable stops the cold start with a clear message instead of surfacing as a wrong answer later.
 */
export const loadConfig = <S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> => {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  return parsed.data;
};

/** Integer env var with bounds and a documented default. */
export const intVar = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/** `true`/`false`/`1`/`0` env var. */
export const boolVar = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const tableVar = () => z.string().min(1, 'table name required');
