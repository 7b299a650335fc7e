/**
 * AWS Config evaluations recorded in a month of daily sweeps, full mode against delta mode, simulated
 * through the rule's own selection (lambda/report-selection.ts) over a stand-in for the results Config
 * holds. No AWS call is made: what is measured is what the sweep decides to send, day by day.
 *
 * The fleet: two thirds of the models COMPLIANT, one third NON_COMPLIANT. Every day a share of the models
 * changes verdict before the sweep: the next ones in fleet order, so each model changes once in
 * 1 / share days. A change is either notified (the change-triggered path records one evaluation for it,
 * as Config's change notifications make it do) or lost (only the sweep can find it). The month measured
 * follows a month of warm-up after deployment, so it shows the steady state, not the first sweep that
 * sends everything.
 */
import { configEvaluationCost } from './cost';
import type { SweepReportingSettings } from '../settings/rule-function';
import type { HeldResult } from '../lambda/config-compliance';
import { isSent, reportSelector } from '../lambda/report-selection';

export interface MonthScenario {
  readonly models: number;
  /** Share of the models whose verdict changes each day, e.g. 0.01. */
  readonly changedPerDay: number;
  /** Whether Config notifies the rule of each change, which then records it from the change path. */
  readonly notified: boolean;
  readonly reporting: SweepReportingSettings;
}

export interface MonthOfEvaluations extends MonthScenario {
  readonly days: number;
  /** One per notified change, in both modes. */
  readonly changeTriggered: number;
  /** Sent by the sweeps: models Config held nothing for or another verdict for (all of them in full mode). */
  readonly sweepNewOrChanged: number;
  readonly sweepRefreshed: number;
  /** The most refreshes one sweep sent: how evenly they are spread. */
  readonly maxRefreshedInADay: number;
  readonly sweepSkipped: number;
  readonly evaluations: number;
  readonly configUsd: number;
}

const DAY_MS = 86_400_000;
const DAYS_MEASURED = 30;
const WARM_UP_DAYS = 30;
/** Each daily sweep's notification, five seconds past midnight; changes happen at noon between two. */
const DEPLOYED_AT = Date.UTC(2026, 0, 1, 0, 0, 5);
const VERDICTS = [
  { compliance: 'COMPLIANT', annotation: 'VpcConfig has 2 subnets and 1 security group' },
  { compliance: 'NON_COMPLIANT', annotation: 'VpcConfig is absent: the model is not in a VPC' },
] as const;

export function simulateMonthOfSweeps(scenario: MonthScenario): MonthOfEvaluations {
  const ids = Array.from(
    { length: scenario.models },
    (_, index) => `model-${String(index).padStart(5, '0')}`,
  );
  // Index into VERDICTS of each model's current verdict.
  const verdictOf: number[] = ids.map((_, index) => (index % 3 === 0 ? 1 : 0));
  const held = new Map<string, HeldResult>();
  const record = (index: number, at: number) => {
    const id = ids[index]!;
    held.set(id, { resourceId: id, ...VERDICTS[verdictOf[index]!]!, recordedAt: new Date(at) });
  };
  const changesPerDay = Math.round(scenario.models * scenario.changedPerDay);
  const totals = { changeTriggered: 0, newOrChanged: 0, refreshed: 0, skipped: 0, maxRefreshed: 0 };

  for (let day = 0; day <= WARM_UP_DAYS + DAYS_MEASURED; day += 1) {
    const measured = day > WARM_UP_DAYS;
    const sweepAt = DEPLOYED_AT + day * DAY_MS;
    if (day > 0) {
      for (let change = 0; change < changesPerDay; change += 1) {
        const index = ((day - 1) * changesPerDay + change) % scenario.models;
        verdictOf[index] = 1 - verdictOf[index]!;
        if (!scenario.notified) continue;
        record(index, sweepAt - DAY_MS / 2);
        if (measured) totals.changeTriggered += 1;
      }
    }
    const select = reportSelector([...held.values()], scenario.reporting, new Date(sweepAt));
    let refreshedToday = 0;
    for (const [index, id] of ids.entries()) {
      const selection = select(id, VERDICTS[verdictOf[index]!]!);
      if (isSent(selection)) record(index, sweepAt);
      if (!measured) continue;
      if (selection === 'unchanged') totals.skipped += 1;
      else if (selection === 'refresh') refreshedToday += 1;
      else totals.newOrChanged += 1;
    }
    totals.refreshed += refreshedToday;
    totals.maxRefreshed = Math.max(totals.maxRefreshed, refreshedToday);
  }

  const evaluations = totals.changeTriggered + totals.newOrChanged + totals.refreshed;
  return {
    ...scenario,
    days: DAYS_MEASURED,
    changeTriggered: totals.changeTriggered,
    sweepNewOrChanged: totals.newOrChanged,
    sweepRefreshed: totals.refreshed,
    maxRefreshedInADay: totals.maxRefreshed,
    sweepSkipped: totals.skipped,
    evaluations,
    configUsd: configEvaluationCost(evaluations),
  };
}
