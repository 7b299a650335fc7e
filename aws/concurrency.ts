/**
 * Runs `task` over `items` with at most `limit` in flight, pulling the next item only when a worker is
 * free, so an async source (API pages) is consumed while earlier items are still being worked on.
 * After the first error no new item is started; the tasks already running finish, then it is rethrown.
 * (p-limit is ESM-only, which the CommonJS test setup cannot load; this is the part of it we need.)
 */
export async function forEachConcurrently<T>(
  items: Iterable<T> | AsyncIterable<T>,
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`concurrency must be a whole number of at least 1, got ${limit}`);
  const iterator = Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : items[Symbol.iterator]();
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed) {
      const next = await iterator.next();
      if (next.done || failed) return;
      try {
        await task(next.value);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const outcomes = await Promise.allSettled(Array.from({ length: limit }, worker));
  const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failure) {
    await iterator.return?.();
    throw failure.reason;
  }
}
