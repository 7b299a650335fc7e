/**
 * What the CDK constructs that deploy the rule function and the function itself agree on: the
 * notifications it subscribes to, its default timeout, and the sweep's settings in its environment.
 */

/**
 * The notifications AWS Config sends a custom Lambda rule: the Lambda parses them and the CDK app
 * subscribes the rule to them, from this one list.
 */
export const CONFIG_MESSAGE_TYPES = [
  'ConfigurationItemChangeNotification',
  'OversizedConfigurationItemChangeNotification',
  'ScheduledNotification',
] as const;

export type ConfigMessageType = (typeof CONFIG_MESSAGE_TYPES)[number];

/**
 * The rule function's default timeout, one definition for the CDK construct, which sets it, and the
 * handler, which gives an invocation without a Lambda context (tests, the demo) the same budget.
 */
export const DEFAULT_TIMEOUT_MINUTES = 10;

/**
 * What the periodic sweep sends to AWS Config, which charges for every evaluation it records:
 * - `delta`: only verdicts that differ from the result Config holds (compliance type or annotation),
 *   verdicts of resources Config holds nothing readable for, and each held result once per refresh
 *   period, so that no result gets older than that;
 * - `full`: every verdict on every sweep, a dated record per model per sweep, at one evaluation per model
 *   per sweep.
 * One definition for the CDK construct, which sets these on the function, and the Lambda, which reads them.
 */
export type SweepReporting = 'delta' | 'full';

export interface SweepReportingSettings {
  readonly reporting: SweepReporting;
  /** In delta mode, every held result is sent again once in this many days. */
  readonly refreshDays: number;
}

export const SWEEP_REPORTING_MODES: readonly SweepReporting[] = ['delta', 'full'];
export const DEFAULT_REFRESH_DAYS = 30;
export const MAX_REFRESH_DAYS = 365;
export const DEFAULT_SWEEP_REPORTING: SweepReportingSettings = {
  reporting: 'delta',
  refreshDays: DEFAULT_REFRESH_DAYS,
};

/** The function's environment variables that carry the settings. */
export const SWEEP_REPORTING_VARIABLE = 'SWEEP_REPORTING';
export const REFRESH_DAYS_VARIABLE = 'SWEEP_REFRESH_DAYS';

/** `name` says where the value came from (a context key, a prop, a variable), so the error points there. */
export function parseSweepReporting(value: string, name: string): SweepReporting {
  const match = SWEEP_REPORTING_MODES.find((mode) => mode === value);
  if (!match) throw new Error(`${name} must be one of ${SWEEP_REPORTING_MODES.join(', ')}, got '${value}'`);
  return match;
}

export function parseRefreshDays(value: string | number, name: string): number {
  const days = typeof value === 'number' ? value : value.trim() === '' ? NaN : Number(value);
  if (!Number.isInteger(days) || days < 1 || days > MAX_REFRESH_DAYS) {
    throw new Error(`${name} must be a whole number of days from 1 to ${MAX_REFRESH_DAYS}, got '${value}'`);
  }
  return days;
}

/** The settings in the function's environment; an unset or empty variable keeps its default. */
export function sweepReportingFromEnvironment(
  environment: Readonly<Record<string, string | undefined>>,
): SweepReportingSettings {
  const reporting = environment[SWEEP_REPORTING_VARIABLE];
  const refreshDays = environment[REFRESH_DAYS_VARIABLE];
  return {
    reporting:
      reporting === undefined || reporting === ''
        ? DEFAULT_SWEEP_REPORTING.reporting
        : parseSweepReporting(reporting, SWEEP_REPORTING_VARIABLE),
    refreshDays:
      refreshDays === undefined || refreshDays === ''
        ? DEFAULT_SWEEP_REPORTING.refreshDays
        : parseRefreshDays(refreshDays, REFRESH_DAYS_VARIABLE),
  };
}

/** The variables that give the function `settings`; the refresh period only where it applies. */
export function sweepReportingEnvironment(settings: SweepReportingSettings): Record<string, string> {
  return {
    [SWEEP_REPORTING_VARIABLE]: settings.reporting,
    ...(settings.reporting === 'delta' && { [REFRESH_DAYS_VARIABLE]: String(settings.refreshDays) }),
  };
}

/**
 * Where the periodic sweep reads each model's configuration:
 * - `config`: the configuration items AWS Config records, 100 a call, with DescribeModel only for models
 *   Config cannot answer for; a verdict on the state Config last recorded, as change-triggered ones are;
 * - `live`: DescribeModel for every model (and ListTags with an exemption tag), the state of the moment,
 *   at one SageMaker call or two per model.
 */
export type SweepSource = 'config' | 'live';
export const SWEEP_SOURCES: readonly SweepSource[] = ['config', 'live'];
export const DEFAULT_SWEEP_SOURCE: SweepSource = 'config';
export const SWEEP_SOURCE_VARIABLE = 'SWEEP_SOURCE';

/** The DynamoDB table where a sweep that runs out of time leaves its progress for the next one. */
export const PROGRESS_TABLE_VARIABLE = 'SWEEP_PROGRESS_TABLE';
/**
 * A pass over the fleet that has not finished after this many days logs an error that the pass alarm
 * counts: at the default daily sweep, a week is seven sweeps' capacity, and a fleet that needs more is
 * left unjudged for longer than a security team expects.
 */
export const PASS_ALARM_DAYS = 7;
/** The field of that log line, which the alarm's metric filter matches. */
export const PASS_OVERDUE_FIELD = 'sweepPassOverdue';

export function parseSweepSource(value: string, name: string): SweepSource {
  const match = SWEEP_SOURCES.find((source) => source === value);
  if (!match) throw new Error(`${name} must be one of ${SWEEP_SOURCES.join(', ')}, got '${value}'`);
  return match;
}

export function sweepSourceFromEnvironment(
  environment: Readonly<Record<string, string | undefined>>,
): SweepSource {
  const source = environment[SWEEP_SOURCE_VARIABLE];
  return source === undefined || source === ''
    ? DEFAULT_SWEEP_SOURCE
    : parseSweepSource(source, SWEEP_SOURCE_VARIABLE);
}
