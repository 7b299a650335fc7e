import { AwsCallError } from '../../../aws/call-errors';
import { pagesOf, RepeatedPageTokenError } from '../../../aws/paging';

async function* pages<T>(...items: T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const seen: T[] = [];
  for await (const item of iterable) seen.push(item);
  return seen;
}

describe('pagesOf', () => {
  it('passes every page through while the tokens are new', async () => {
    const all = [{ NextToken: 'a' }, { nextToken: 'b' }, {}];
    expect(await collect(pagesOf('ListModels', pages(...all)))).toEqual(all);
  });

  it('passes on the page that repeats a token, then requests no further page', async () => {
    let requested = 0;
    async function* repeating() {
      for (;;) {
        requested += 1;
        yield { Models: [`model-${requested}`], NextToken: 'same' };
      }
    }
    const seen: unknown[] = [];
    await expect(
      (async () => {
        for await (const page of pagesOf('ListModels', repeating())) seen.push(page);
      })(),
    ).rejects.toThrow(new RepeatedPageTokenError('ListModels', 2));
    expect(seen).toEqual([
      { Models: ['model-1'], NextToken: 'same' },
      { Models: ['model-2'], NextToken: 'same' },
    ]);
    expect(requested).toBe(2);
  });

  it('stops at a token seen before, not only the previous one, and closes the paginator', async () => {
    let closed = false;
    async function* cycling() {
      try {
        for (;;) {
          yield { NextToken: 'a' };
          yield { NextToken: 'b' };
        }
      } finally {
        closed = true;
      }
    }
    const seen: unknown[] = [];
    await expect(
      (async () => {
        for await (const page of pagesOf('ListTags', cycling())) seen.push(page);
      })(),
    ).rejects.toThrow(new RepeatedPageTokenError('ListTags', 3));
    expect(seen).toEqual([{ NextToken: 'a' }, { NextToken: 'b' }, { NextToken: 'a' }]);
    expect(closed).toBe(true);
  });

  it('names the operation of a page that failed', async () => {
    async function* failing(): AsyncGenerator<{ NextToken?: string }> {
      yield { NextToken: 'a' };
      throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    }
    const error = await collect(pagesOf('GetComplianceDetailsByConfigRule', failing())).catch(
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(AwsCallError);
    expect(error).toMatchObject({
      message: 'GetComplianceDetailsByConfigRule failed: ThrottlingException: Rate exceeded',
    });
  });
});
