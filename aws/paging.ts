import { AwsCallError } from './call-errors';

/** The token field of a page: SageMaker and most of AWS Config say `NextToken`, ListDiscoveredResources `nextToken`. */
interface PageWithToken {
  readonly NextToken?: string;
  readonly nextToken?: string;
}

export class RepeatedPageTokenError extends Error {
  constructor(operation: string, pages: number) {
    super(
      `${operation} returned a NextToken it had already returned (page ${pages}): paging would never end, ` +
        'so the listing stopped there',
    );
    this.name = 'RepeatedPageTokenError';
  }
}

/**
 * The pages of an SDK paginator, for every paginated read of the rule and the CLI. A page whose
 * NextToken was already seen is still passed on (the API returned its items, so they are judged and
 * named like any other), and the listing then ends with RepeatedPageTokenError instead of requesting the
 * same pages again until the invocation times out (the SDK's `stopOnSameToken` would stop silently,
 * and only on a token equal to the previous one). A failed page becomes an AwsCallError naming the
 * operation.
 */
export async function* pagesOf<Page extends PageWithToken>(
  operation: string,
  pages: AsyncIterable<Page>,
): AsyncGenerator<Page, void, undefined> {
  const seen = new Set<string>();
  const iterator = pages[Symbol.asyncIterator]();
  for (let count = 1; ; count += 1) {
    let next: IteratorResult<Page>;
    try {
      next = await iterator.next();
    } catch (error) {
      throw new AwsCallError(operation, error);
    }
    if (next.done) return;
    yield next.value;
    const token = next.value.NextToken ?? next.value.nextToken;
    if (token) {
      if (seen.has(token)) {
        await iterator.return?.();
        throw new RepeatedPageTokenError(operation, count);
      }
      seen.add(token);
    }
  }
}
