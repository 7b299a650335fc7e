import { SWEEP_REPORTING_VARIABLE } from '../settings/rule-function';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { configClient, handler } from '../lambda/handler';
import { CONFIG_RULE_NAME, scheduledNotificationEvent } from '../scripts/emulator/config-events';
import { ConfigRecorder } from '../scripts/emulator/config-recorder';
import { useEmulator } from '../scripts/emulator/emulated-aws';
import { createModels } from '../scripts/emulator/model-fleet';
import { startMotoServer } from '../scripts/emulator/moto-server';
import { runHandlerInFreshProcess } from './child';
import { startSimulatedAws, type SimulationOptions } from './simulated-aws';
import { median } from './stats';

export interface SweepResult {
  readonly api: string;
  readonly models: number;
  readonly runs: number;
  readonly wallSeconds: number;
  /** models / allowed SageMaker calls per second: no sweep can be faster. */
  readonly boundSeconds?: number;
  readonly judged: number;
  readonly callsPerModel: Record<string, number>;
  readonly throttled?: number;
  readonly maxRssMb?: number;
  /** Peak RSS when V8 gets only the heap a 128 MB function leaves it. */
  readonly maxRssMbIn128MbHeap?: number;
}

/** Sweeps against the simulated API in fresh processes through the deployed bundle. */
export async function measureSimulatedSweep(
  bundleEntry: string,
  simulation: Omit<SimulationOptions, 'models'>,
  models: number,
  runs: number,
): Promise<SweepResult> {
  const walls: number[] = [];
  const rss: number[] = [];
  let last: Awaited<ReturnType<typeof startSimulatedAws>>['counters'] | undefined;
  for (let run = 0; run < runs; run += 1) {
    const api = await startSimulatedAws({ ...simulation, models });
    try {
      const result = await runHandlerInFreshProcess(bundleEntry, {
        endpoint: api.endpoint,
        kind: 'scheduled',
      });
      if (
        result.summary.modelsSwept !== models ||
        result.summary.notJudged !== 0 ||
        api.counters.judged.size !== models
      ) {
        throw new Error(`the sweep of ${models} models judged ${api.counters.judged.size}`);
      }
      walls.push(result.invokeMs / 1000);
      rss.push(result.maxRssMb);
      last = api.counters;
    } finally {
      await api.close();
    }
  }
  const capped = await cappedHeapRss(bundleEntry, simulation, models);
  return {
    api: `simulated (${simulation.latencyMs} ms, ${simulation.sageMakerCallsPerSecond} calls/s)`,
    models,
    runs,
    wallSeconds: median(walls),
    boundSeconds: models / simulation.sageMakerCallsPerSecond,
    judged: last?.judged.size ?? 0,
    callsPerModel: perModel(last?.calls ?? {}, models),
    throttled: last?.throttled ?? 0,
    maxRssMb: median(rss),
    maxRssMbIn128MbHeap: capped,
  };
}

/** Heap a 128 MB function leaves V8 once the runtime and code are loaded. */
const HEAP_OF_128_MB_FUNCTION = 96;

async function cappedHeapRss(
  bundleEntry: string,
  simulation: Omit<SimulationOptions, 'models'>,
  models: number,
): Promise<number> {
  const api = await startSimulatedAws({ ...simulation, latencyMs: 0, sageMakerCallsPerSecond: 1e9, models });
  try {
    const result = await runHandlerInFreshProcess(bundleEntry, {
      endpoint: api.endpoint,
      kind: 'scheduled',
      maxOldSpaceMb: HEAP_OF_128_MB_FUNCTION,
    });
    return result.maxRssMb;
  } finally {
    await api.close();
  }
}

/** A sweep of models created on moto_server, through the handler in this process. */
export async function measureMotoSweep(models: number, runs: number): Promise<SweepResult> {
  const moto = await startMotoServer();
  try {
    useEmulator(moto.endpoint);
    const sageMaker = new SageMakerClient({});
    await createModels(
      sageMaker,
      Array.from({ length: models }, (_, index) => ({
        name: `bench-${String(index).padStart(5, '0')}`,
        ...(index % 3 !== 0 && {
          vpcConfig: { Subnets: ['subnet-1a2b3c4d'], SecurityGroupIds: ['sg-1a2b3c4d'] },
        }),
      })),
    );
    const recorder = new ConfigRecorder(CONFIG_RULE_NAME);
    recorder.attachTo(configClient());
    const calls: Record<string, number> = {};
    const { sageMakerClient } = await import('../lambda/sagemaker-client');
    sageMakerClient().middlewareStack.add(
      (next, context) => (args) => {
        const name = context.commandName ?? 'unknown';
        calls[name] = (calls[name] ?? 0) + 1;
        return next(args);
      },
      { step: 'initialize', name: 'benchCallCounter' },
    );
    const walls: number[] = [];
    const stdout = process.stdout.write.bind(process.stdout);
    process.stdout.write = () => true;
    // Every run sends every verdict, as the first sweep after deployment does, the most a sweep sends;
    // in delta mode the runs after the first would find their verdicts held and send nothing.
    const reportingBefore = process.env[SWEEP_REPORTING_VARIABLE];
    process.env[SWEEP_REPORTING_VARIABLE] = 'full';
    try {
      for (let run = 0; run < runs; run += 1) {
        recorder.forgetRequests();
        for (const name of Object.keys(calls)) delete calls[name];
        const started = performance.now();
        await handler(scheduledNotificationEvent(new Date(), {}));
        walls.push((performance.now() - started) / 1000);
      }
    } finally {
      process.stdout.write = stdout;
      if (reportingBefore === undefined) delete process.env[SWEEP_REPORTING_VARIABLE];
      else process.env[SWEEP_REPORTING_VARIABLE] = reportingBefore;
    }
    const judged = new Set(recorder.evaluations().map((evaluation) => evaluation.ComplianceResourceId)).size;
    if (judged !== models) throw new Error(`the moto sweep judged ${judged} of ${models} models`);
    calls.PutEvaluations = recorder.putEvaluationsRequests.length;
    return {
      api: 'moto_server',
      models,
      runs,
      wallSeconds: median(walls),
      judged,
      callsPerModel: perModel(calls, models),
    };
  } finally {
    await moto.stop();
  }
}

function perModel(calls: Record<string, number>, models: number): Record<string, number> {
  return Object.fromEntries(
    Object.entries(calls).map(([name, count]) => [name.replace(/Command$/, ''), count / models]),
  );
}
