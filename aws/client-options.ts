/**
 * Options shared by every AWS client. Throttling is ridden out by the standard retry strategy
 * (exponential backoff with jitter) with ten attempts, enough for bursts of several seconds.
 * Adaptive mode was measured and rejected: its client-side limiter cuts the send rate by 30% after
 * each throttle, which left a 10,000-model sweep 40% slower than the API's rate limit allows
 * (BENCHMARKS.md). The endpoint follows the SDK's standard `AWS_ENDPOINT_URL` variables, so any
 * AWS-compatible endpoint works without code here.
 */
export const CLIENT_OPTIONS = { retryMode: 'standard', maxAttempts: 10 } as const;

/** `AccessDeniedException: User is not authorized ...`: enough to act on, never a whole response. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 300);
  return String(error).slice(0, 300);
}
