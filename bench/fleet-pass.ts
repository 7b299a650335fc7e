import { DEFAULT_TIMEOUT_MINUTES, type SweepSource } from '../settings/rule-function';
import { runPassInFreshProcess } from './child';
import { startSimulatedAws } from './simulated-aws';

export interface FleetPassScenario {
  readonly source: SweepSource;
  readonly models: number;
  /** What SageMaker allows the account, in calls a second. */
  readonly sageMakerCallsPerSecond: number;
}

export interface FleetPassResult extends FleetPassScenario {
  readonly sageMakerCallsPerModel: number;
  readonly sweepsPerPass: number;
  /** Judged exactly once in the pass: every model, and none twice. */
  readonly judgedOnce: boolean;
  /** At the account's SageMaker rate, with the default timeout per sweep. */
  readonly passSeconds: number;
  /** How passSeconds was had: sweeps in virtual time, or SageMaker calls over the rate. */
  readonly timing: 'virtual' | 'rate-bound';
  readonly peakRssMb: number;
}

/**
 * The simulated SageMaker API serves this many calls a second, queued at that rate rather than throttled
 * (no SDK backoff, whose waits would not scale), and each invocation gets the default timeout scaled by
 * the account's rate over it. Time bound by SageMaker's rate is then the same, faster; time spent on the
 * machine is not, so the virtual times overstate what the sweep costs beside its SageMaker calls.
 */
const SIMULATED_CALLS_PER_SECOND = 1000;
const LATENCY_MS = 0;
const DEFAULT_BUDGET_MS = DEFAULT_TIMEOUT_MINUTES * 60_000;
const PROGRESS_TABLE = 'bench-progress';
/** Heap a 128 MB function leaves V8 once the runtime and code are loaded. */
const HEAP_OF_128_MB_FUNCTION = 96;

/**
 * One full pass over a fleet on the simulated API: the sweeps it takes from a fresh start, each
 * invocation with the default timeout (scaled), in a fresh process running the deployed bundle.
 *
 * The live source is bound by SageMaker's rate: its invocations get the scaled budget, and its time is
 * virtual (each sweep's real time times the scale). The config source makes one SageMaker call per 100
 * models (ListModels) and is bound by Config's calls, which the simulation does not limit: it runs with
 * the full budget, and its time is rate-bound (its SageMaker calls over the account's rate), beside
 * which its Config calls must fit.
 */
export async function measureFleetPass(
  bundleEntry: string,
  scenario: FleetPassScenario,
): Promise<FleetPassResult> {
  const scale = SIMULATED_CALLS_PER_SECOND / scenario.sageMakerCallsPerSecond;
  const api = await startSimulatedAws({
    models: scenario.models,
    latencyMs: LATENCY_MS,
    sageMakerCallsPerSecond: SIMULATED_CALLS_PER_SECOND,
    recordedInConfig: scenario.source === 'config',
    queueAtRate: true,
  });
  try {
    const live = scenario.source === 'live';
    const pass = await runPassInFreshProcess(bundleEntry, {
      endpoint: api.endpoint,
      remainingMs: live ? DEFAULT_BUDGET_MS / scale : DEFAULT_BUDGET_MS,
      // The bulk source must judge the whole fleet in the heap a 128 MB function leaves V8.
      ...(!live && { maxOldSpaceMb: HEAP_OF_128_MB_FUNCTION }),
      environment: {
        SWEEP_SOURCE: scenario.source,
        SWEEP_PROGRESS_TABLE: PROGRESS_TABLE,
        SWEEP_REPORTING: 'full',
      },
    });
    const failed = pass.sweeps.find((sweep) => sweep.summary.notJudged > 0);
    if (failed) throw new Error(`a sweep left ${failed.summary.notJudged} models without a verdict`);
    const sageMakerCalls = Object.entries(api.counters.calls)
      .filter(([action]) => ['ListModels', 'DescribeModel', 'ListTags'].includes(action))
      .reduce((sum, [, count]) => sum + count, 0);
    const seconds = pass.sweeps.reduce((sum, sweep) => sum + sweep.invokeMs / 1000, 0);
    return {
      ...scenario,
      sageMakerCallsPerModel: sageMakerCalls / scenario.models,
      sweepsPerPass: pass.sweeps.length,
      judgedOnce:
        api.counters.judged.size === scenario.models && api.counters.evaluations === scenario.models,
      passSeconds: live ? seconds * scale : sageMakerCalls / scenario.sageMakerCallsPerSecond,
      timing: live ? 'virtual' : 'rate-bound',
      peakRssMb: pass.maxRssMb,
    };
  } finally {
    await api.close();
  }
}
