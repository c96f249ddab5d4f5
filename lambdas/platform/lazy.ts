/**
 * Loads something once, on first use. For AWS SDK clients a function rarely needs (the Kakao
 * deferral queue, a Lex engine the deployment did not choose): `await import()` of them inside the
 * loader keeps their modules out of the cold start; esbuild still bundles them, but evaluates them
 * only when the loader first runs. A failed load is not cached, so the next call tries again.
 */
export const lazy = <T>(load: () => Promise<T>): (() => Promise<T>) => {
  let pending: Promise<T> | undefined;
  return () =>
    (pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    }));
};
