/**
 * npm run bench [-- --quick]: cold start, change-triggered cost, sweep throughput and monthly cost.
 * Prints Markdown tables (BENCHMARKS.md quotes them) and writes the raw numbers to .bench/results.json.
 * --quick runs every section once on small sizes: a smoke test, not a measurement.
 */
import '../aws/node-support-notice';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import * as path from 'node:path';
import { naiveBundle, PROJECT_ROOT, synthesizedBundle, totalBytes } from './bundles';
import { measureChangePath } from './change-path';
import { measureColdStart } from './cold-start';
import { DEFAULT_SWEEP_REPORTING } from '../settings/rule-function';
import { simulateMonthOfSweeps, type MonthOfEvaluations } from './config-evaluations';
import { monthlyLambdaCost } from './cost';
import { measureCleanupProof, measureGuards } from './fault-protection';
import { markdownTable, round } from './stats';
import { measureMotoSweep, measureSimulatedSweep, type SweepResult } from './sweep';
import { measureFleetPass, type FleetPassResult, type FleetPassScenario } from './fleet-pass';

const quick = process.argv.includes('--quick');
/** --fleet runs only the passes over large fleets (issue "Judge every model at any fleet size"). */
const fleetOnly = process.argv.includes('--fleet');
const FLEET_PASSES: readonly FleetPassScenario[] = (quick ? [1000] : [10_000, 100_000]).flatMap((models) =>
  [10, 50].flatMap((sageMakerCallsPerSecond) =>
    (['config', 'live'] as const).map((source) => ({ source, models, sageMakerCallsPerSecond })),
  ),
);
const SIMULATION = { latencyMs: 20, sageMakerCallsPerSecond: 200 };
const FUNCTION_MEMORY_MB = 512;
/** The issue's scenario for AWS Config's bill: 1% of the models change verdict every day. */
const CHANGED_PER_DAY = 0.01;
/** The fleets whose month of AWS Config evaluations is simulated, full mode against delta mode. */
const CONFIG_MONTH_MODELS = quick ? [1000] : [1000, 10000];
/** Delta mode must record at least this many times fewer evaluations than full mode at the largest fleet. */
const DELTA_TARGET_RATIO = 10;
const plan = quick
  ? {
      coldRuns: 2,
      changeEvents: 200,
      changeRounds: 1,
      simulated: [[100, 1]],
      moto: [40, 1],
      guards: [1000, 1000, 1],
      cleanup: { models: 100, deleted: [0, 20], runs: 1 },
    }
  : {
      coldRuns: 15,
      changeEvents: 3000,
      changeRounds: 5,
      simulated: [
        [100, 3],
        [1000, 3],
        [10000, 3],
      ],
      moto: [1000, 3],
      guards: [100_000, 100_000, 5],
      cleanup: { models: 1000, deleted: [0, 100, 1000], runs: 3 },
    };

async function main(): Promise<void> {
  const workDir = path.join(PROJECT_ROOT, '.bench');
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(path.join(workDir, 'naive'), { recursive: true });
  const log = (text: string) => process.stderr.write(`${text}\n`);

  log('Synthesizing the app and building the naive bundle...');
  const deployed = synthesizedBundle(path.join(workDir, 'cdk.out'));
  const naive = await naiveBundle(path.join(workDir, 'naive'));

  const fleetPasses: FleetPassResult[] = [];
  for (const scenario of FLEET_PASSES) {
    log(
      `Full pass: ${scenario.models} models, ${scenario.source} source, SageMaker at ${scenario.sageMakerCallsPerSecond} calls/s...`,
    );
    fleetPasses.push(await measureFleetPass(deployed.entry, scenario));
  }
  if (fleetOnly) {
    writeFileSync(path.join(workDir, 'fleet-passes.json'), `${JSON.stringify(fleetPasses, null, 2)}\n`);
    process.stdout.write(`${fleetPassTable(fleetPasses)}\n`);
    return;
  }

  log(`Cold start: ${plan.coldRuns} fresh processes per bundle...`);
  const coldStart = await measureColdStart([deployed, naive], plan.coldRuns);

  log(`Change-triggered path: ${plan.changeEvents} events x ${plan.changeRounds} rounds...`);
  const changePath = await measureChangePath(plan.changeEvents, plan.changeRounds);

  const sweeps: SweepResult[] = [];
  for (const [models, runs] of plan.simulated as Array<[number, number]>) {
    log(`Periodic sweep: ${models} models against the simulated API, ${runs} run(s)...`);
    sweeps.push(await measureSimulatedSweep(deployed.entry, SIMULATION, models, runs));
  }
  const [motoModels, motoRuns] = plan.moto as [number, number];
  log(`Periodic sweep: ${motoModels} models on moto_server, ${motoRuns} run(s)...`);
  sweeps.push(await measureMotoSweep(motoModels, motoRuns));

  const [invocations, pages, guardRounds] = plan.guards as [number, number, number];
  log(
    `Fault protections: deadline and paging guard, in process; clean-up proof against the simulated API...`,
  );
  const guards = await measureGuards(invocations, pages, guardRounds);
  const cleanup = await measureCleanupProof(
    deployed.entry,
    SIMULATION,
    plan.cleanup.models,
    plan.cleanup.deleted,
    plan.cleanup.runs,
  );

  const changeSeconds = (coldStart[0]?.firstChangeMs ?? 0) / 1000;
  const costs = sweeps
    .filter((sweep) => sweep.boundSeconds !== undefined)
    .map((sweep) =>
      monthlyLambdaCost(sweep.models, sweep.wallSeconds, changeSeconds, FUNCTION_MEMORY_MB, sweep.models),
    );

  log(`AWS Config evaluations: a month of daily sweeps of ${CONFIG_MONTH_MODELS.join(' and ')} models...`);
  const configMonths = CONFIG_MONTH_MODELS.flatMap((models) =>
    (
      [
        ['full', true],
        ['delta', true],
        ['delta', false],
      ] as const
    ).map(([reporting, notified]) =>
      simulateMonthOfSweeps({
        models,
        changedPerDay: CHANGED_PER_DAY,
        notified,
        reporting: { ...DEFAULT_SWEEP_REPORTING, reporting },
      }),
    ),
  );

  const results = {
    machine: machine(),
    quick,
    simulation: SIMULATION,
    coldStart,
    changePath,
    sweeps,
    costs,
    configMonths,
    guards,
    cleanup,
    fleetPasses,
    bundleFiles: deployed.files,
  };
  writeFileSync(path.join(workDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(report(results, totalBytes(deployed)));
  process.stdout.write(`\n${fleetPassTable(fleetPasses)}\n`);
}

function fleetPassTable(passes: readonly FleetPassResult[]): string {
  return [
    '### A full pass over a large fleet (default timeout per sweep)',
    markdownTable([
      [
        'models',
        'SageMaker calls/s',
        'source',
        'SageMaker calls / model',
        'sweeps per pass',
        'each model judged once',
        'time per pass',
        'peak RSS (MB)',
      ],
      ...passes.map((pass) => [
        pass.models,
        pass.sageMakerCallsPerSecond,
        pass.source,
        round(pass.sageMakerCallsPerModel, 3),
        pass.sweepsPerPass,
        pass.judgedOnce ? 'yes' : 'NO',
        `${pass.passSeconds < 120 ? `${round(pass.passSeconds)} s` : `${round(pass.passSeconds / 60, 1)} min`} (${pass.timing})`,
        round(pass.peakRssMb),
      ]),
    ]),
  ].join('\n\n');
}

function machine(): Record<string, string | number> {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: round(totalmem() / 2 ** 30),
    node: process.version,
    date: new Date().toISOString().slice(0, 10),
  };
}

function report(
  results: {
    machine: Record<string, string | number>;
    coldStart: Awaited<ReturnType<typeof measureColdStart>>;
    changePath: Awaited<ReturnType<typeof measureChangePath>>;
    sweeps: SweepResult[];
    costs: ReturnType<typeof monthlyLambdaCost>[];
    configMonths: MonthOfEvaluations[];
    guards: Awaited<ReturnType<typeof measureGuards>>;
    cleanup: Awaited<ReturnType<typeof measureCleanupProof>>;
  },
  deployedBytes: number,
): string {
  const [deployed, naive] = results.coldStart;
  if (!deployed || !naive) throw new Error('cold start results missing');
  const importRatio = deployed.importMs / naive.importMs;
  const sections = [
    `Machine: ${Object.entries(results.machine)
      .map(([key, value]) => `${key} ${value}`)
      .join(', ')}${quick ? ' (--quick: not a measurement)' : ''}`,
    '### Cold start (medians of fresh processes)',
    markdownTable([
      [
        'bundle',
        'files',
        'size (KB)',
        'loaded by a change event (KB)',
        'loaded by a sweep (KB)',
        'import (ms)',
        'first change event (ms)',
        'first sweep, 0 models (ms)',
      ],
      ...results.coldStart.map((row) => [
        row.label,
        row.files,
        round(row.bytes / 1024),
        round(row.changePathBytes / 1024),
        round(row.sweepPathBytes / 1024),
        round(row.importMs),
        round(row.firstChangeMs),
        round(row.firstSweepMs),
      ]),
      [
        'ratio deployed / naive',
        '',
        round(deployed.bytes / naive.bytes, 2),
        round(deployed.changePathBytes / naive.changePathBytes, 2),
        round(deployed.sweepPathBytes / naive.sweepPathBytes, 2),
        round(importRatio, 2),
        round(deployed.firstChangeMs / naive.firstChangeMs, 2),
        round(deployed.firstSweepMs / naive.firstSweepMs, 2),
      ],
    ]),
    '### Change-triggered evaluation',
    markdownTable([
      ['events', 'SageMaker calls / event', 'PutEvaluations calls / event', 'handler time / event (µs)'],
      [
        results.changePath.events,
        results.changePath.sageMakerCallsPerEvent,
        results.changePath.putEvaluationsCallsPerEvent,
        round(results.changePath.microsecondsPerEvent),
      ],
    ]),
    '### Periodic sweep',
    markdownTable([
      [
        'API',
        'models',
        'runs',
        'wall (s, median)',
        'bound (s)',
        'wall / bound',
        'judged',
        'calls per model',
        'throttled (retried)',
        'peak RSS (MB)',
        'peak RSS, 96 MB heap (MB)',
      ],
      ...results.sweeps.map((sweep) => [
        sweep.api,
        sweep.models,
        sweep.runs,
        round(sweep.wallSeconds, 2),
        sweep.boundSeconds ?? '',
        sweep.boundSeconds ? round(sweep.wallSeconds / sweep.boundSeconds, 3) : '',
        sweep.judged,
        Object.entries(sweep.callsPerModel)
          .map(([name, count]) => `${name} ${round(count, 3)}`)
          .join(', '),
        sweep.throttled ?? '',
        sweep.maxRssMb !== undefined ? round(sweep.maxRssMb) : '',
        sweep.maxRssMbIn128MbHeap !== undefined ? round(sweep.maxRssMbIn128MbHeap) : '',
      ]),
    ]),
    `### Monthly Lambda cost per account and region (${FUNCTION_MEMORY_MB} MB arm64, daily sweep, one change event per model a month)`,
    markdownTable([
      ['models', 'sweep (s)', 'Lambda (USD)'],
      ...results.costs.map((cost) => [cost.models, round(cost.sweepSeconds, 2), cost.lambdaUsd.toFixed(4)]),
    ]),
    `### Monthly AWS Config evaluations per account and region (a month of daily sweeps through the selection code, ${round(CHANGED_PER_DAY * 100)}% of the models changing verdict a day)`,
    markdownTable([
      [
        'models',
        'sweep reporting',
        'change notifications',
        'change-triggered',
        'sweep: new or changed',
        'sweep: refreshed (most in a day)',
        'sweep: not sent',
        'evaluations recorded',
        'Config evaluations (USD)',
        'full / this',
      ],
      ...results.configMonths.map((month) => [
        month.models,
        month.reporting.reporting === 'delta'
          ? `delta, refresh every ${month.reporting.refreshDays} days`
          : 'full',
        month.notified ? 'delivered' : 'all lost',
        month.changeTriggered,
        month.sweepNewOrChanged,
        `${month.sweepRefreshed} (${month.maxRefreshedInADay})`,
        month.sweepSkipped,
        month.evaluations,
        month.configUsd.toFixed(2),
        round(fullMonthOf(results.configMonths, month).evaluations / month.evaluations, 1),
      ]),
    ]),
    '### What the fault protections cost',
    markdownTable([
      ['protection', 'cost'],
      [
        'invocation deadline (two timers set and cleared)',
        `${round(results.guards.deadlineMicroseconds, 2)} µs per invocation`,
      ],
      ['repeated-token guard', `${round(results.guards.pageGuardNanoseconds)} ns per page`],
      [
        'limit on each attempt of an AWS call (timer, abort controller)',
        `${round(results.guards.attemptLimitMicroseconds, 2)} µs per attempt`,
      ],
    ]),
    markdownTable([
      [
        'models',
        'held results of deleted models',
        'wall (s, median)',
        'cleared',
        'DescribeModel',
        'ListDiscoveredResources',
        'GetComplianceDetailsByConfigRule',
        'PutEvaluations',
      ],
      ...results.cleanup.map((row) => [
        row.models,
        row.deletedModels,
        round(row.wallSeconds, 2),
        row.cleared,
        row.calls.DescribeModel ?? 0,
        row.calls.ListDiscoveredResources ?? 0,
        row.calls.GetComplianceDetailsByConfigRule ?? 0,
        row.calls.PutEvaluations ?? 0,
      ]),
    ]),
    '### Targets',
    targets(results, deployedBytes, importRatio),
  ];
  return `${sections.join('\n\n')}\n`;
}

function targets(results: Parameters<typeof report>[0], deployedBytes: number, importRatio: number): string {
  const simulated = results.sweeps.filter((sweep) => sweep.boundSeconds !== undefined);
  const largest = simulated.at(-1);
  const rows: Array<[string, string, boolean]> = [
    ['deployed bundle ≤ 350 KB', `${round(deployedBytes / 1024)} KB`, deployedBytes <= 350 * 1024],
    ['import ≤ 1/3 of naive', `${round(importRatio, 2)}`, importRatio <= 1 / 3],
    [
      'SageMaker calls per change event = 0',
      `${results.changePath.sageMakerCallsPerEvent}`,
      results.changePath.sageMakerCallsPerEvent === 0,
    ],
    [
      'PutEvaluations per change event = 1',
      `${results.changePath.putEvaluationsCallsPerEvent}`,
      results.changePath.putEvaluationsCallsPerEvent === 1,
    ],
    [
      'every model judged',
      results.sweeps.map((sweep) => `${sweep.judged}/${sweep.models}`).join(', '),
      results.sweeps.every((sweep) => sweep.judged === sweep.models),
    ],
    ...simulated.map((sweep): [string, string, boolean] => [
      `${sweep.models} models: wall ≤ 1.15 × bound`,
      `${round(sweep.wallSeconds / sweep.boundSeconds!, 3)}`,
      sweep.wallSeconds <= 1.15 * sweep.boundSeconds!,
    ]),
    ...(largest
      ? [
          [
            `peak memory < 128 MB at ${largest.models} models (96 MB heap)`,
            `${round(largest.maxRssMbIn128MbHeap ?? 0)} MB`,
            (largest.maxRssMbIn128MbHeap ?? Infinity) < 128,
          ] as [string, string, boolean],
        ]
      : []),
    ...results.configMonths
      .filter(
        (month) => month.reporting.reporting === 'delta' && month.models === Math.max(...CONFIG_MONTH_MODELS),
      )
      .map((month): [string, string, boolean] => {
        const ratio = fullMonthOf(results.configMonths, month).evaluations / month.evaluations;
        return [
          `${month.models} models, change notifications ${month.notified ? 'delivered' : 'all lost'}: delta records ≥ ${DELTA_TARGET_RATIO} × fewer evaluations than full`,
          `${round(ratio, 1)} ×`,
          ratio >= DELTA_TARGET_RATIO,
        ];
      }),
    ...results.sweeps.map((sweep): [string, string, boolean] => {
      const pages = (2 * Math.ceil(sweep.models / 100)) / sweep.models + 3 / sweep.models;
      const describe = sweep.callsPerModel.DescribeModel ?? 0;
      const others = Object.entries(sweep.callsPerModel)
        .filter(([name]) => name !== 'DescribeModel')
        .reduce((sum, [, count]) => sum + count, 0);
      return [
        `${sweep.api} ${sweep.models}: ≤ 1 DescribeModel + pages per model`,
        `${round(describe + others, 3)}`,
        describe <= 1 && others <= pages,
      ];
    }),
  ];
  return markdownTable([
    ['target', 'measured', 'met'],
    ...rows.map(([name, value, met]) => [name, value, met ? 'yes' : '**no**']),
  ]);
}

/** Full mode's month for the same fleet: what delta mode is measured against. */
function fullMonthOf(months: readonly MonthOfEvaluations[], month: MonthOfEvaluations): MonthOfEvaluations {
  const full = months.find(
    (candidate) => candidate.models === month.models && candidate.reporting.reporting === 'full',
  );
  if (!full) throw new Error(`no full-mode month for ${month.models} models`);
  return full;
}

main().catch((error: Error) => {
  process.stderr.write(`bench failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
