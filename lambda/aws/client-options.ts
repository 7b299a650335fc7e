/**
 * Options shared by every AWS client. Adaptive retry rides out throttling bursts with client-side rate
 * limiting; ten attempts cover several seconds of backoff. The endpoint follows the SDK's standard
 * `AWS_ENDPOINT_URL` variables, so any AWS-compatible endpoint works without code here.
 */
export const CLIENT_OPTIONS = { retryMode: 'adaptive', maxAttempts: 10 } as const;

/** `AccessDeniedException: User is not authorized ...`: enough to act on, never a whole response. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 300);
  return String(error).slice(0, 300);
}
