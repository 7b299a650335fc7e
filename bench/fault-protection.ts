import type { HttpHandler, HttpRequest } from '@smithy/core/protocols';
import { AttemptTimeLimitedHandler } from '../aws/attempt-time-limit';
import { pagesOf } from '../aws/paging';
import { InvocationDeadline } from '../lambda/deadline';
import { runHandlerInFreshProcess } from './child';
import { startSimulatedAws, type SimulationOptions } from './simulated-aws';
import { median } from './stats';

export interface GuardCosts {
  /** Setting up and clearing an invocation's two deadline timers, per invocation. */
  readonly deadlineMicroseconds: number;
  /** The repeated-token guard, per page, over iterating the paginator directly. */
  readonly pageGuardNanoseconds: number;
  /** The limit on each attempt (a timer and an abort controller), per attempt, over the bare handler. */
  readonly attemptLimitMicroseconds: number;
}

/** An HTTP handler that answers at once with no body: what is left to time is the wrapper's own work. */
const instantHandler = {
  handle: () => Promise.resolve({ response: { statusCode: 200, headers: {}, body: undefined } }),
  updateHttpClientConfig: () => undefined,
  httpHandlerConfigs: () => ({}),
} as unknown as HttpHandler<object>;

/** The per-invocation and per-page costs of the deadline and the paging guard, in this process. */
export async function measureGuards(invocations: number, pages: number, rounds: number): Promise<GuardCosts> {
  const deadline: number[] = [];
  const guard: number[] = [];
  const attemptLimit: number[] = [];
  const limited = new AttemptTimeLimitedHandler(instantHandler, 15_000);
  const request = {} as HttpRequest;
  const tokens = Array.from({ length: pages }, (_, index) => ({ NextToken: `token-${index}` }));
  // Each page is awaited, as an SDK paginator's are.
  async function* paginator() {
    for (const token of tokens) yield await Promise.resolve(token);
  }
  for (let round = 0; round < rounds; round += 1) {
    let started = process.hrtime.bigint();
    for (let index = 0; index < invocations; index += 1) InvocationDeadline.of(undefined).dispose();
    deadline.push(Number(process.hrtime.bigint() - started) / 1000 / invocations);

    started = process.hrtime.bigint();
    for await (const page of paginator()) void page;
    const bare = Number(process.hrtime.bigint() - started);
    started = process.hrtime.bigint();
    for await (const page of pagesOf('ListModels', paginator())) void page;
    guard.push((Number(process.hrtime.bigint() - started) - bare) / pages);

    started = process.hrtime.bigint();
    for (let index = 0; index < invocations; index += 1) await instantHandler.handle(request);
    const bareAttempts = Number(process.hrtime.bigint() - started);
    started = process.hrtime.bigint();
    for (let index = 0; index < invocations; index += 1) await limited.handle(request);
    attemptLimit.push((Number(process.hrtime.bigint() - started) - bareAttempts) / 1000 / invocations);
  }
  return {
    deadlineMicroseconds: median(deadline),
    pageGuardNanoseconds: median(guard),
    attemptLimitMicroseconds: median(attemptLimit),
  };
}

export interface CleanupProofCost {
  readonly models: number;
  readonly deletedModels: number;
  readonly wallSeconds: number;
  readonly cleared: number;
  readonly calls: Record<string, number>;
}

/**
 * A sweep of `models` with Config holding results for `deletedModels` models deleted long ago, each of
 * which the clean-up proves gone (a ListDiscoveredResources lookup per 20, a DescribeModel each) before
 * clearing it. Run with 0 deleted models alongside, the difference is the proof's cost.
 */
export async function measureCleanupProof(
  bundleEntry: string,
  simulation: Omit<SimulationOptions, 'models'>,
  models: number,
  deletedModels: readonly number[],
  runs: number,
): Promise<CleanupProofCost[]> {
  const results: CleanupProofCost[] = [];
  for (const deleted of deletedModels) {
    const walls: number[] = [];
    let calls: Record<string, number> = {};
    let cleared = 0;
    for (let run = 0; run < runs; run += 1) {
      const api = await startSimulatedAws({ ...simulation, models, heldResultsOfDeletedModels: deleted });
      try {
        const result = await runHandlerInFreshProcess(bundleEntry, {
          endpoint: api.endpoint,
          kind: 'scheduled',
        });
        if (result.summary.staleResultsCleared !== deleted || api.counters.cleared.size !== deleted) {
          throw new Error(`the sweep cleared ${api.counters.cleared.size} of ${deleted} deleted models`);
        }
        walls.push(result.invokeMs / 1000);
        calls = { ...api.counters.calls };
        cleared = api.counters.cleared.size;
      } finally {
        await api.close();
      }
    }
    results.push({ models, deletedModels: deleted, wallSeconds: median(walls), cleared, calls });
  }
  return results;
}
