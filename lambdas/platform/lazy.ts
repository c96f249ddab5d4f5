/**
 * Loads something once, on first use: a client created by the first request that needs it, or an
 * AWS SDK package a function rarely needs (the Kakao deferral queue, a Lex engine the deployment did
 * not choose), imported with `await import('<package>')` inside the loader. In a Lambda bundle such a
 * package is a file of its own, read only when the loader first runs (onDemandPackagesPlugin in
 * lib/bundling.ts). A failed load is not cached, so the next call tries again.
 */
export const lazy = <T>(load: () => Promise<T>): (() => Promise<T>) => {
  let pending: Promise<T> | undefined;
  return () =>
    (pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    }));
};
