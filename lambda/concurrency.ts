/**
 * Runs `task` over `items` with at most `limit` in flight, pulling the next item only when a worker is
 * free, so an async source (API pages) is consumed while earlier items are still being worked on.
 * Every worker finishes its current task before the first error is rethrown. (p-limit is ESM-only,
 * which the CommonJS test setup cannot load; this is the part of it we need.)
 */
export async function forEachConcurrently<T>(
  items: Iterable<T> | AsyncIterable<T>,
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  const iterator =
    Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : (items as Iterable<T>)[Symbol.iterator]();
  const worker = async (): Promise<void> => {
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      await task(next.value);
    }
  };
  const outcomes = await Promise.allSettled(Array.from({ length: Math.max(1, limit) }, worker));
  const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failure) throw failure.reason;
}
