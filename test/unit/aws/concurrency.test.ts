import { forEachConcurrently } from '../../../aws/concurrency';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('forEachConcurrently', () => {
  it('never runs more than the limit at once and runs every item once', async () => {
    let running = 0;
    let peak = 0;
    const seen: number[] = [];
    await forEachConcurrently([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      running += 1;
      peak = Math.max(peak, running);
      await tick();
      seen.push(item);
      running -= 1;
    });
    expect(peak).toBe(3);
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('consumes an async source lazily', async () => {
    const pulled: number[] = [];
    async function* source() {
      for (let item = 0; item < 5; item += 1) {
        pulled.push(item);
        yield item;
      }
    }
    const pulledWhenFirstRan: number[] = [];
    await forEachConcurrently(source(), 2, async (item) => {
      if (item === 0) pulledWhenFirstRan.push(...pulled);
      await tick();
    });
    expect(pulledWhenFirstRan.length).toBeLessThan(5);
    expect(pulled).toEqual([0, 1, 2, 3, 4]);
  });

  it('starts nothing after the first error, lets running tasks finish, then rethrows it', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const items = Array.from({ length: 20 }, (_, index) => index);
    const run = forEachConcurrently(items, 3, async (item) => {
      started.push(item);
      await tick();
      if (item === 1) throw new Error('boom');
      await tick();
      finished.push(item);
    });
    await expect(run).rejects.toThrow('boom');
    expect(started.sort((a, b) => a - b)).toEqual([0, 1, 2]);
    expect(finished.sort((a, b) => a - b)).toEqual([0, 2]);
  });

  it('stops pulling from an async source once a task fails', async () => {
    let pulled = 0;
    let closed = false;
    async function* source() {
      try {
        for (let item = 0; item < 100; item += 1) {
          pulled += 1;
          yield item;
        }
      } finally {
        closed = true;
      }
    }
    await expect(
      forEachConcurrently(source(), 2, async (item) => {
        await tick();
        if (item === 0) throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(pulled).toBeLessThan(5);
    expect(closed).toBe(true);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a concurrency of %p', async (limit) => {
    await expect(forEachConcurrently([1], limit, async () => undefined)).rejects.toThrow(RangeError);
  });
});
