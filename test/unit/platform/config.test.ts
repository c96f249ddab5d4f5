import { z } from 'zod';
import { ConfigError } from '@domain/errors';
import { boolVar, intVar, loadConfig, tableVar } from '../../../lambdas/platform/config';

const schema = z.object({ CUSTOMERS_TABLE: tableVar(), PIN_MAX_ATTEMPTS: intVar(3, 1, 10), FEATURE: boolVar(false) });

describe('configuration', () => {
  it('applies documented defaults', () => {
    expect(loadConfig(schema, { CUSTOMERS_TABLE: 't' })).toEqual({ CUSTOMERS_TABLE: 't', PIN_MAX_ATTEMPTS: 3, FEATURE: false });
  });
  it('fails fast naming the variable that is missing or wrong', () => {
    expect(() => loadConfig(schema, {})).toThrow(/CUSTOMERS_TABLE/);
    expect(() => loadConfig(schema, { CUSTOMERS_TABLE: 't', PIN_MAX_ATTEMPTS: 'many' })).toThrow(ConfigError);
    expect(() => loadConfig(schema, { CUSTOMERS_TABLE: 't', FEATURE: 'maybe' })).toThrow(/FEATURE/);
  });
});
