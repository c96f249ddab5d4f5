/**
 * esbuild settings for every Lambda bundle, as plain data: the house construct passes them to
 * NodejsFunction and `npm run bench` bundles with the same ones, so the sizes it reports are real.
 */
export const LAMBDA_BUNDLE = {
  minify: true,
  sourceMap: true,
  target: 'node22',
  format: 'cjs',
  mainFields: ['module', 'main'],
  /** Korean text (intent examples, FAQ, replies) stays UTF-8 instead of \uXXXX escapes: about a third of the size. */
  charset: 'utf8',
  /** The AWS SDK is bundled too: pinned versions, tree-shaken, no surprise from the runtime's copy. */
  externalModules: [] as string[],
} as const;
