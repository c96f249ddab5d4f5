import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdk.out/**', '.aicc/**', 'coverage/**', 'test-artifacts/**', 'local/console/**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // The domain package stays free of AWS and CDK: adapters implement its ports.
    files: ['lambdas/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@aws-sdk/*', 'aws-cdk-lib', 'aws-cdk-lib/*', '@aws-lambda-powertools/*'] }],
    },
  },
  {
    // One clock (issue 16): business time comes from an injected `Clock`, never from the machine, so a
    // simulated or frozen clock is honoured by every read and write. Reading the system time is allowed
    // in the clock module only; elapsed wall time for latency budgets goes through its `wallClockMs`.
    files: ['lambdas/domain/**/*.ts', 'lambdas/adapters/**/*.ts'],
    ignores: ['lambdas/domain/clock.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Take the time from an injected Clock (or wallClockMs() for a latency deadline).' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Take the time from an injected Clock (or wallClockMs() for a latency deadline).' },
        { selector: "CallExpression[callee.name='Date']", message: 'Date() reads the system time: take it from an injected Clock.' },
        { selector: "MemberExpression[object.name='performance'][property.name='now']", message: 'Measure elapsed time with wallClockMs() from the clock module.' },
      ],
    },
  },
  {
    // Runtime code never drags CDK into a bundle.
    files: ['lambdas/**/*.ts', 'local/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs'] }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
  },
);
