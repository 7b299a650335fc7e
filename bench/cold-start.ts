import { totalBytes, type Bundle } from './bundles';
import { runHandlerInFreshProcess } from './child';
import { startSimulatedAws } from './simulated-aws';
import { median } from './stats';

export interface ColdStartResult {
  readonly label: string;
  readonly bytes: number;
  readonly files: number;
  readonly changePathBytes: number;
  readonly sweepPathBytes: number;
  /** Median time to import the bundle in a fresh process: all a change-triggered invocation loads. */
  readonly importMs: number;
  /** Median time of the first change event after import (local API, no latency). */
  readonly firstChangeMs: number;
  /** Median time of a first periodic invocation over no models: loads the SageMaker client. */
  readonly firstSweepMs: number;
}

export async function measureColdStart(bundles: readonly Bundle[], runs: number): Promise<ColdStartResult[]> {
  const api = await startSimulatedAws({ models: 0, latencyMs: 0, sageMakerCallsPerSecond: 1e9 });
  try {
    const results: ColdStartResult[] = [];
    for (const bundle of bundles) {
      const change: Array<{ importMs: number; invokeMs: number }> = [];
      const sweep: number[] = [];
      // Interleaved runs, so that machine noise falls on every bundle alike.
      for (let run = 0; run < runs; run += 1) {
        change.push(await runHandlerInFreshProcess(bundle.entry, { endpoint: api.endpoint, kind: 'change' }));
        sweep.push(
          (await runHandlerInFreshProcess(bundle.entry, { endpoint: api.endpoint, kind: 'scheduled' }))
            .invokeMs,
        );
      }
      results.push({
        label: bundle.label,
        bytes: totalBytes(bundle),
        files: bundle.files.length,
        changePathBytes: bundle.changePathBytes,
        sweepPathBytes: bundle.sweepPathBytes,
        importMs: median(change.map((sample) => sample.importMs)),
        firstChangeMs: median(change.map((sample) => sample.invokeMs)),
        firstSweepMs: median(sweep),
      });
    }
    return results;
  } finally {
    await api.close();
  }
}
