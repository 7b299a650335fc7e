/** One page the way the real APIs give them: `NextToken` is the index of the next item. */
export function page<T>(
  items: readonly T[],
  token: string | undefined,
  size: number,
): { items: T[]; next?: string } {
  const start = token ? Number(token) : 0;
  const end = start + size;
  return { items: items.slice(start, end), ...(end < items.length && { next: String(end) }) };
}
