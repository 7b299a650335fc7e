import { getMaxListeners } from 'node:events';
import { DEFAULT_BUDGET_MS, InvocationDeadline } from '../../../lambda/deadline';
import { remainingTime } from '../../support/fake-aws';

describe('InvocationDeadline', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** When each signal aborts, in ms from now. */
  function abortTimes(deadline: InvocationDeadline, horizonMs: number): { work?: number; report?: number } {
    const times: { work?: number; report?: number } = {};
    for (let ms = 0; ms <= horizonMs; ms += 100) {
      if (deadline.work.aborted) times.work ??= ms;
      if (deadline.report.aborted) times.report ??= ms;
      jest.advanceTimersByTime(100);
    }
    return times;
  }

  it('stops new work 33 s before a long timeout, and sending 3 s before it', () => {
    const deadline = InvocationDeadline.of(remainingTime(600_000));
    expect(abortTimes(deadline, 600_000)).toEqual({ work: 567_000, report: 597_000 });
    expect(deadline.work.reason).toMatchObject({
      name: 'OutOfTimeError',
      message:
        "the invocation stopped starting AWS calls 33 s before Lambda's timeout, to report what was reached",
    });
  });

  it('keeps most of a short budget for work', () => {
    const deadline = InvocationDeadline.of(remainingTime(10_000));
    expect(abortTimes(deadline, 10_000)).toEqual({ work: 6_500, report: 9_000 });
  });

  it("gives an invocation without a context the deployed function's default timeout", () => {
    const deadline = InvocationDeadline.of(undefined);
    expect(DEFAULT_BUDGET_MS).toBe(600_000);
    expect(abortTimes(deadline, 600_000)).toEqual({ work: 567_000, report: 597_000 });
  });

  it('leaves no timer behind once disposed', () => {
    const deadline = InvocationDeadline.of(remainingTime(1_000));
    deadline.dispose();
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(2_000);
    expect(deadline.work.aborted).toBe(false);
  });

  it('lets every call of a sweep listen to its signals without a Node warning in the log', () => {
    const deadline = InvocationDeadline.of(remainingTime(1_000));
    // Node warns past this many listeners; a sweep has up to 64 calls in flight with a few each.
    expect(getMaxListeners(deadline.work)).toBeGreaterThanOrEqual(64 * 3);
    expect(getMaxListeners(deadline.report)).toBeGreaterThanOrEqual(64 * 3);
    deadline.dispose();
  });
});
