import { StandardRetryStrategy } from '@smithy/core/retry';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { RetryErrorInfo, StandardRetryToken } from '@smithy/types';
import { AttemptTimeLimitedHandler } from './attempt-time-limit';

/** Attempts per call: throttling is ridden out with exponential backoff and jitter over ten of them. */
export const MAX_ATTEMPTS = 10;
/** A call that timed out is tried this many times in all: an endpoint that hangs seldom recovers in seconds. */
export const MAX_TIMEOUT_ATTEMPTS = 3;

/**
 * Per-attempt limits of the SDK's own HTTP handler (NodeHttpHandler). AWS control-plane reads and
 * PutEvaluations answer in well under a second; ten times that and more still ends a hung call fast.
 * They bound the wait for the headers and each pause of the body, not the whole answer: see
 * ATTEMPT_TIME_LIMIT_MS.
 */
export const HTTP_TIMEOUTS = {
  /** Establishing the TCP (and TLS) connection. */
  connectionTimeout: 5_000,
  /** From sending the request until the response headers arrive; `throwOnRequestTimeout` makes it an error, not a warning. */
  requestTimeout: 10_000,
  throwOnRequestTimeout: true,
  /** The socket idle while the response body streams in. */
  socketTimeout: 10_000,
} as const;

/**
 * Every attempt of every call, from sending the request to the answer's last byte
 * (AttemptTimeLimitedHandler): an answer whose body drips a byte at a time, never idle for
 * socketTimeout, ends here. Half as long again as the header timeout, so that a slow but real answer
 * still has time for its body; with MAX_TIMEOUT_ATTEMPTS, no call waits much longer than 45 s.
 */
export const ATTEMPT_TIME_LIMIT_MS = 15_000;

/**
 * Standard retries, except that a timed-out call is retried at most MAX_TIMEOUT_ATTEMPTS - 1 times.
 * Timeouts are counted apart from the other retries (each retry makes a new token): a call throttled
 * twice keeps its timeout retries, or one slow answer after a burst would end it.
 */
class TimeoutBoundedRetryStrategy extends StandardRetryStrategy {
  private readonly timeoutsOf = new WeakMap<StandardRetryToken, number>();

  override async refreshRetryTokenForRetry(
    token: StandardRetryToken,
    errorInfo: RetryErrorInfo,
  ): Promise<StandardRetryToken> {
    const timeouts = (this.timeoutsOf.get(token) ?? 0) + (errorInfo.error?.name === 'TimeoutError' ? 1 : 0);
    if (timeouts >= MAX_TIMEOUT_ATTEMPTS) throw new Error(`timed out ${MAX_TIMEOUT_ATTEMPTS} times`);
    const next = await super.refreshRetryTokenForRetry(token, errorInfo);
    this.timeoutsOf.set(next, timeouts);
    return next;
  }
}

/**
 * Options for every AWS client, made afresh for each client so that no two share a retry quota or an
 * HTTP handler (client.destroy() closes its sockets). Throttling is ridden out by the standard retry
 * strategy (exponential backoff with jitter) with ten attempts, enough for bursts of several seconds.
 * Adaptive mode was measured and rejected: its client-side limiter cuts the send rate by 30% after
 * each throttle, which left a 10,000-model sweep 40% slower than the API's rate limit allows
 * (BENCHMARKS.md). Every attempt has the HTTP_TIMEOUTS and ends within ATTEMPT_TIME_LIMIT_MS, so no
 * call hangs, however slowly its answer arrives; the Lambda also bounds each invocation as a whole
 * (lambda/deadline.ts). The endpoint follows the SDK's standard `AWS_ENDPOINT_URL` variables, so any
 * AWS-compatible endpoint works.
 */
export function awsClientOptions() {
  return {
    maxAttempts: MAX_ATTEMPTS,
    retryStrategy: new TimeoutBoundedRetryStrategy(MAX_ATTEMPTS),
    requestHandler: new AttemptTimeLimitedHandler(new NodeHttpHandler(HTTP_TIMEOUTS), ATTEMPT_TIME_LIMIT_MS),
  } as const;
}
