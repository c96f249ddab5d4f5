/**
 * Jest transformer built on esbuild (already a project dependency): TypeScript and ESM-only
 * packages become CommonJS for jest. Types are checked separately by `npm run typecheck`.
 * Unlike babel/swc it does not hoist `jest.mock()`: tests inject dependencies instead.
 */
const { createHash } = require('node:crypto');
const { transformSync, version } = require('esbuild');

module.exports = {
  process(source, filename) {
    const loader = /\.tsx?$/.test(filename) ? 'ts' : 'js';
    const result = transformSync(source, {
      loader,
      format: 'cjs',
      target: 'node20',
      sourcemap: 'inline',
      sourcefile: filename,
      supported: { 'dynamic-import': false },
      logLevel: 'silent',
    });
    return { code: result.code };
  },
  getCacheKey(source, filename, options) {
    return createHash('sha1').update(version).update('\0').update(filename).update('\0').update(source).update('\0').update(options.configString ?? '').digest('hex');
  },
};
