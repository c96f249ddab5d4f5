/**
 * FAQ writes made by this process, per table, for the FAQ caches living in the same process.
 *
 * The local runtime runs the operations API and the bots in one process: an edit saved there
 * (the console's FAQ editor) reaches every bot's FAQ cache at once, while turns keep answering from
 * the cache instead of reading the whole FAQ each time. Edits from another process (another
 * Lambda in AWS, `aicc invoke --endpoint` locally) are picked up when the cache's TTL runs out
 * (FAQ_CACHE_SECONDS). Listeners are held weakly: a cache nobody uses any more is not kept alive.
 */
export interface FaqCacheLike {
  invalidate(): void;
}

const listeners = new Map<string, Set<WeakRef<FaqCacheLike>>>();

/** Invalidates `cache` whenever this process writes the FAQ table `tableName`. */
export const invalidateOnFaqWrites = (tableName: string, cache: FaqCacheLike): void => {
  let set = listeners.get(tableName);
  if (!set) listeners.set(tableName, (set = new Set()));
  set.add(new WeakRef(cache));
};

/** Called by the FAQ table's writers after every successful write. */
export const faqTableWritten = (tableName: string): void => {
  const set = listeners.get(tableName);
  if (!set) return;
  for (const ref of set) {
    const cache = ref.deref();
    if (cache) cache.invalidate();
    else set.delete(ref);
  }
};
