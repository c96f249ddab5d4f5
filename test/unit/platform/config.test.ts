import { ConfigError } from '@domain/errors';
import {
  boolVar,
  choiceVar,
  configSchema,
  intVar,
  listVar,
  loadConfig,
  optionalChoiceVar,
  optionalVar,
  tableVar,
  textVar,
} from '../../../lambdas/platform/config';

const schema = configSchema(
  {
    CUSTOMERS_TABLE: tableVar(),
    PIN_MAX_ATTEMPTS: intVar(3, 1, 10),
    FEATURE: boolVar(false),
    ENGINE: choiceVar(['offline', 'bedrock'], 'offline'),
    LLM: optionalChoiceVar(['bedrock', 'upstage']),
    HEADER: textVar('X-Skill-Secret', { pattern: /^[A-Za-z0-9-]+$/, message: 'must be an HTTP header name' }),
    QUEUE_URL: optionalVar({ url: true }),
    SECRET: optionalVar({ minLength: 8 }),
    CLOSED: listVar(),
  },
  { holds: (c) => c.LLM !== 'upstage' || c.SECRET, message: 'LLM=upstage needs SECRET' },
);

const problems = (env: NodeJS.ProcessEnv): string => {
  try {
    loadConfig(schema, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('configuration', () => {
  it('applies documented defaults, and treats an empty variable as unset', () => {
    const expected = { CUSTOMERS_TABLE: 't', PIN_MAX_ATTEMPTS: 3, FEATURE: false, ENGINE: 'offline', LLM: undefined, HEADER: 'X-Skill-Secret', QUEUE_URL: undefined, SECRET: undefined, CLOSED: [] };
    expect(loadConfig(schema, { CUSTOMERS_TABLE: 't' })).toEqual(expected);
    expect(loadConfig(schema, { CUSTOMERS_TABLE: 't', PIN_MAX_ATTEMPTS: '', FEATURE: '', LLM: '', HEADER: '' })).toEqual(expected);
  });

  it('reads each kind of variable', () => {
    const config = loadConfig(schema, {
      CUSTOMERS_TABLE: 'customers',
      PIN_MAX_ATTEMPTS: ' 10 ',
      FEATURE: 'Yes',
      ENGINE: 'bedrock',
      LLM: 'upstage',
      HEADER: 'X-Api-Key',
      QUEUE_URL: 'https://sqs.ap-northeast-2.amazonaws.com/123456789012/q',
      SECRET: 'long-enough',
      CLOSED: '2026-05-01, 2026-10-09,,',
    });
    expect(config).toEqual({
      CUSTOMERS_TABLE: 'customers',
      PIN_MAX_ATTEMPTS: 10,
      FEATURE: true,
      ENGINE: 'bedrock',
      LLM: 'upstage',
      HEADER: 'X-Api-Key',
      QUEUE_URL: 'https://sqs.ap-northeast-2.amazonaws.com/123456789012/q',
      SECRET: 'long-enough',
      CLOSED: ['2026-05-01', '2026-10-09'],
    });
    expect(loadConfig(schema, { CUSTOMERS_TABLE: 't', FEATURE: '0' }).FEATURE).toBe(false);
  });

  it('fails fast naming every variable that is missing or wrong, and why', () => {
    const message = problems({ PIN_MAX_ATTEMPTS: 'many', FEATURE: 'maybe', ENGINE: 'gpt', HEADER: 'X Skill', QUEUE_URL: 'sqs-queue', SECRET: 'short' });
    expect(message).toMatch(/^invalid configuration: /);
    expect(message).toContain('CUSTOMERS_TABLE: required');
    expect(message).toContain('PIN_MAX_ATTEMPTS: must be a whole number from 1 to 10 (got "many")');
    expect(message).toContain('FEATURE: must be true or false (got "maybe")');
    expect(message).toContain('ENGINE: must be one of offline, bedrock (got "gpt")');
    expect(message).toContain('HEADER: must be an HTTP header name');
    expect(message).toContain('QUEUE_URL: must be an http(s) URL');
    expect(message).toContain('SECRET: must be at least 8 characters');
  });

  it('rejects numbers outside the bounds or with a fraction', () => {
    expect(problems({ CUSTOMERS_TABLE: 't', PIN_MAX_ATTEMPTS: '11' })).toMatch(/PIN_MAX_ATTEMPTS: must be a whole number from 1 to 10/);
    expect(problems({ CUSTOMERS_TABLE: 't', PIN_MAX_ATTEMPTS: '0' })).toMatch(/PIN_MAX_ATTEMPTS/);
    expect(problems({ CUSTOMERS_TABLE: 't', PIN_MAX_ATTEMPTS: '2.5' })).toMatch(/PIN_MAX_ATTEMPTS/);
  });

  it('checks rules across variables once each variable is valid', () => {
    expect(problems({ CUSTOMERS_TABLE: 't', LLM: 'upstage' })).toBe('invalid configuration: LLM=upstage needs SECRET');
    expect(loadConfig(schema, { CUSTOMERS_TABLE: 't', LLM: 'upstage', SECRET: '12345678' }).LLM).toBe('upstage');
  });
});
