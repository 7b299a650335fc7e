import { setMaxListeners } from 'node:events';
import { DEFAULT_TIMEOUT_MINUTES } from '../settings/rule-function';

/** What the handler reads of Lambda's context: how long until Lambda stops the invocation. */
export interface RemainingTime {
  getRemainingTimeInMillis(): number;
}

/**
 * Without a Lambda context (tests, the demo) the invocation gets the deployed function's default
 * timeout, so that it still ends, with a clear error, if a call hangs.
 */
export const DEFAULT_BUDGET_MS = DEFAULT_TIMEOUT_MINUTES * 60_000;
/**
 * Kept back from new work to send the verdicts already reached: at most one PutEvaluations batch in
 * flight and one buffered (the reporter applies back-pressure), each normally well under a second, with
 * room for throttling retries. A quarter of a short budget, so that small timeouts still leave work time.
 */
const MAX_REPORT_RESERVE_MS = 30_000;
/** Kept back from reporting to log the summary and fail the invocation with the error naming each problem. */
const MAX_CLOSING_MS = 3_000;
/**
 * Every call in flight listens to the signal (the HTTP request, the SDK's retry wait): up to 64 calls at
 * once (SWEEP_CONCURRENCY) with a few listeners each. Node warns past 10, a leak check that does not
 * apply to a signal shared by design; the listeners go when each call ends.
 */
const MAX_ABORT_LISTENERS = 256;

export class OutOfTimeError extends Error {
  constructor(what: string, leftMs: number) {
    const seconds = (leftMs / 1000).toFixed(leftMs < 10_000 ? 1 : 0);
    super(`${what} ${seconds} s before Lambda's timeout, to report what was reached`);
    this.name = 'OutOfTimeError';
  }
}

/**
 * The invocation's two deadlines, as abort signals for the SDK's `abortSignal`: `work` aborts when no
 * new AWS work may start (describes, pages, the history fetch) and calls in flight are abandoned;
 * `report` aborts when PutEvaluations must stop, leaving time to log and fail with a clear error before
 * Lambda kills the function. Lambda's own timeout would lose every verdict still buffered, silently.
 */
export class InvocationDeadline {
  readonly work: AbortSignal;
  readonly report: AbortSignal;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(remainingMs: number) {
    const closing = Math.min(MAX_CLOSING_MS, remainingMs / 10);
    const reserve = Math.min(MAX_REPORT_RESERVE_MS, remainingMs / 4);
    this.work = this.abortAfter(
      remainingMs - closing - reserve,
      new OutOfTimeError('the invocation stopped starting AWS calls', closing + reserve),
    );
    this.report = this.abortAfter(
      remainingMs - closing,
      new OutOfTimeError('the invocation stopped sending evaluations', closing),
    );
  }

  static of(context: RemainingTime | undefined): InvocationDeadline {
    return new InvocationDeadline(context?.getRemainingTimeInMillis() ?? DEFAULT_BUDGET_MS);
  }

  /** Clears the timers, so that a warm container carries nothing into the next invocation. */
  dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
  }

  private abortAfter(ms: number, reason: OutOfTimeError): AbortSignal {
    const controller = new AbortController();
    setMaxListeners(MAX_ABORT_LISTENERS, controller.signal);
    const timer = setTimeout(() => controller.abort(reason), Math.max(0, ms));
    timer.unref?.();
    this.timers.push(timer);
    return controller.signal;
  }
}
