/**
 * Monthly cost of the rule in one account and region, from measured durations. Prices are the
 * published us-east-1 list prices for Lambda on arm64 and for AWS Config rule evaluations, at the time
 * of writing; check the pricing pages before quoting them.
 */
const LAMBDA_ARM_PRICE_PER_GB_SECOND = 0.0000133334;
const LAMBDA_PRICE_PER_REQUEST = 0.2 / 1_000_000;
const CONFIG_EVALUATION_TIERS: ReadonlyArray<[upTo: number, price: number]> = [
  [100_000, 0.001],
  [500_000, 0.0008],
  [Infinity, 0.0005],
];
const SWEEPS_PER_MONTH = 30;

export interface CostRow {
  readonly models: number;
  readonly sweepSeconds: number;
  readonly lambdaUsd: number;
}

/**
 * The Lambda's share: `changeEventsPerMonth` change-triggered invocations (creating or deleting a model)
 * plus a daily sweep that judges every model. AWS Config's share depends on what the sweep sends: see
 * config-evaluations.ts.
 */
export function monthlyLambdaCost(
  models: number,
  sweepSeconds: number,
  changeEventSeconds: number,
  memoryMb: number,
  changeEventsPerMonth: number,
): CostRow {
  const gigabytes = memoryMb / 1024;
  const invocations = SWEEPS_PER_MONTH + changeEventsPerMonth;
  const computeSeconds = SWEEPS_PER_MONTH * sweepSeconds + changeEventsPerMonth * changeEventSeconds;
  const lambdaUsd =
    computeSeconds * gigabytes * LAMBDA_ARM_PRICE_PER_GB_SECOND + invocations * LAMBDA_PRICE_PER_REQUEST;
  return { models, sweepSeconds, lambdaUsd };
}

/** What AWS Config charges for `evaluations` rule evaluations recorded in one month, tier by tier. */
export function configEvaluationCost(evaluations: number): number {
  let remaining = evaluations;
  let previousLimit = 0;
  let cost = 0;
  for (const [upTo, price] of CONFIG_EVALUATION_TIERS) {
    const inTier = Math.min(remaining, upTo - previousLimit);
    cost += inTier * price;
    remaining -= inTier;
    previousLimit = upTo;
    if (remaining <= 0) break;
  }
  return cost;
}
