/** Three suites, one transformer (esbuild: no TypeScript compiler API needed; types are checked by `npm run typecheck`). */
const shared = {
  transform: { '^.+\\.(t|j|mj)sx?$': '<rootDir>/test/esbuild-transform.js' },
  // ESM-only dependencies that jest must transform to CommonJS.
  transformIgnorePatterns: ['/node_modules/(?!(@hyunbinseo/holidays-kr|@middy)/)'],
  moduleNameMapper: { '^@domain/(.*)$': '<rootDir>/lambdas/domain/$1' },
  testEnvironment: 'node',
  rootDir: __dirname,
};

module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { ...shared, displayName: 'infra', testMatch: ['<rootDir>/test/infra/**/*.test.ts'] },
    {
      ...shared,
      displayName: 'int',
      testMatch: ['<rootDir>/test/int/**/*.test.ts'],
      globalSetup: '<rootDir>/test/int/harness/global-setup.ts',
      globalTeardown: '<rootDir>/test/int/harness/global-teardown.ts',
    },
    // Faults injected at the SDK boundary and over local HTTP, against the same local store as `int`.
    {
      ...shared,
      displayName: 'fault',
      testMatch: ['<rootDir>/test/fault/**/*.test.ts'],
      globalSetup: '<rootDir>/test/int/harness/global-setup.ts',
      globalTeardown: '<rootDir>/test/int/harness/global-teardown.ts',
    },
    // The web console in real headless Chromium (Debian chromium + playwright-core) against `npm start`'s runtime.
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
  ],
};
