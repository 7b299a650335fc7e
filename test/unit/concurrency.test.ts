import { forEachConcurrently } from '../../lambda/concurrency';

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

  it('lets running tasks finish, then rethrows the first error', async () => {
    const finished: number[] = [];
    const run = forEachConcurrently([1, 2, 3], 3, async (item) => {
      await tick();
      if (item === 1) throw new Error('boom');
      await tick();
      finished.push(item);
    });
    await expect(run).rejects.toThrow('boom');
    expect(finished.sort()).toEqual([2, 3]);
  });
});
