import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import type { Context } from 'aws-lambda';
import { awsClientOptions } from '../aws/client-options';
import { fetchOversizedItem } from './config-history';
import { EvaluationReporter } from './evaluation-reporter';
import { evaluateChange } from './change-evaluation';
import { parseConfigRuleEvent, type ConfigRuleEvent } from './config-event';
import { logEveryItem, logger } from './logger';
import { InvocationDeadline, type RemainingTime } from './deadline';
import {
  CleanupIncompleteError,
  HeldResultsUnreadError,
  IncompleteListingError,
  InvocationFailedError,
  MODELS_NOT_JUDGED,
  ModelsNotJudgedError,
  notJudgedItems,
  SweepProgressError,
} from './invocation-errors';
import type { PeriodicSweepOutcome } from './periodic-sweep';
import { parseRuleParametersJson, type RuleParameters } from '../evaluator/rule-parameters';

export interface InvocationSummary {
  readonly messageType: string;
  readonly counts: Readonly<Record<string, number>>;
  readonly evaluationsDelivered: number;
  readonly modelsSwept: number;
  readonly notJudged: number;
  /** Models too new for Config's inventory, left to their change notification. */
  readonly awaitingInventory: number;
  readonly staleResultsCleared: number;
  /** Sweep verdicts not sent (delta mode): Config holds the same result, refreshed recently. */
  readonly unchangedSkipped: number;
  /** Sweep verdicts sent only to refresh the result Config holds. */
  readonly refreshed: number;
  /** Sweep verdicts sent because the result Config holds could not be read. */
  readonly heldUnreadable: number;
  /** Held results under unused IDs kept because nothing proved their model gone. */
  readonly heldResultsKept: number;
  /** Listed models that earlier sweeps of the same pass had judged. */
  readonly judgedEarlierInPass: number;
  /** Listed models this sweep did not reach, left to the next one with its progress saved. */
  readonly leftForNextSweep: number;
  /** Whether the pass over the fleet ended with this sweep; absent where the sweep keeps no progress. */
  readonly passComplete?: boolean;
  /** Models judged from Config's configuration items (the `config` source). */
  readonly judgedFromConfig?: number;
  /** Models judged from DescribeModel by the `config` source, by why Config could not answer. */
  readonly judgedFromLive?: Readonly<Record<string, number>>;
  /** Models judged from Config's items whose tags came from ListTags: its query could not give them. */
  readonly tagsFromListTags?: number;
  readonly putEvaluationsCalls: number;
  readonly durationMs: number;
}

/** What a change-triggered invocation reports of a sweep: none ran. */
const NOTHING_SWEPT: PeriodicSweepOutcome = {
  modelsListed: 0,
  failures: [],
  awaitingInventory: [],
  cleared: 0,
  keptUnproven: 0,
  selection: { unchangedSkipped: 0, refreshed: 0, heldUnreadable: 0 },
};

/**
 * Entry point AWS Config invokes. Everything is validated before the first evaluation is sent; every
 * verdict reached is sent, whatever failed; then any model left without a verdict, or any other
 * failure, fails the invocation with an error naming each. Ahead of Lambda's timeout the invocation
 * stops starting work, sends what it reached and fails the same way (InvocationDeadline).
 */
export async function handler(event: unknown, context?: Context | RemainingTime): Promise<InvocationSummary> {
  const started = Date.now();
  if (context && 'awsRequestId' in context) logger.addContext(context);
  const deadline = InvocationDeadline.of(context);
  try {
    return await invoke(event, deadline, started);
  } finally {
    deadline.dispose();
  }
}

async function invoke(
  event: unknown,
  deadline: InvocationDeadline,
  started: number,
): Promise<InvocationSummary> {
  let request: ConfigRuleEvent;
  let parameters: RuleParameters;
  try {
    request = parseConfigRuleEvent(event);
    parameters = parseRuleParametersJson(request.ruleParameters);
  } catch (error) {
    logger.error('Rejected the invocation before evaluating anything', { error: (error as Error).message });
    throw error;
  }

  const reporter = new EvaluationReporter(configClient(), request.resultToken, { signal: deadline.report });
  const problems: Error[] = [];
  let outcome = NOTHING_SWEPT;
  try {
    outcome = await route(request, parameters, reporter, deadline);
  } catch (error) {
    problems.push(asError(error));
  }
  if (outcome.listingError !== undefined) problems.push(new IncompleteListingError(outcome.listingError));
  if (outcome.heldResultsError !== undefined)
    problems.push(new HeldResultsUnreadError(outcome.heldResultsError));
  if (outcome.failures.length > 0)
    problems.push(new ModelsNotJudgedError(outcome.failures, outcome.modelsListed));
  if (outcome.cleanupError !== undefined) problems.push(new CleanupIncompleteError(outcome.cleanupError));
  if (outcome.progressError !== undefined) problems.push(new SweepProgressError(outcome.progressError));
  if (outcome.awaitingInventory.length > 0) {
    logger.info("Models not reported yet: Config's inventory does not list them so soon after creation", {
      models: outcome.awaitingInventory,
    });
  }
  try {
    await reporter.finish();
  } catch (error) {
    problems.push(asError(error));
  }

  const summary: InvocationSummary = {
    messageType: request.invokingEvent.messageType,
    counts: { ...reporter.counts },
    evaluationsDelivered: reporter.delivered,
    modelsSwept: outcome.modelsListed,
    notJudged: outcome.failures.length,
    awaitingInventory: outcome.awaitingInventory.length,
    staleResultsCleared: outcome.cleared,
    ...outcome.selection,
    heldResultsKept: outcome.keptUnproven,
    judgedEarlierInPass: outcome.pass?.skipped ?? 0,
    leftForNextSweep: outcome.pass?.leftForNextSweep ?? 0,
    ...(outcome.pass && { passComplete: outcome.pass.complete }),
    ...(outcome.sources && {
      judgedFromConfig: outcome.sources.fromConfig,
      judgedFromLive: outcome.sources.fromLive,
      tagsFromListTags: outcome.sources.tagsFromListTags,
    }),
    putEvaluationsCalls: reporter.calls,
    durationMs: Date.now() - started,
  };
  if (problems.length === 0) {
    logger.info('Evaluation summary', { summary });
    return summary;
  }
  logEveryItem(MODELS_NOT_JUDGED, notJudgedItems(outcome.failures));
  logger.error('Evaluation summary', {
    summary,
    errors: problems.map((problem) => `${problem.name}: ${problem.message}`),
  });
  const [only] = problems;
  throw problems.length === 1 && only ? only : new InvocationFailedError(problems);
}

async function route(
  request: ConfigRuleEvent,
  parameters: RuleParameters,
  reporter: EvaluationReporter,
  deadline: InvocationDeadline,
): Promise<PeriodicSweepOutcome> {
  const signal = deadline.work;
  const invokingEvent = request.invokingEvent;
  if (invokingEvent.messageType !== 'ScheduledNotification') {
    const evaluation = await evaluateChange(invokingEvent, request.eventLeftScope, parameters, {
      fetchOversizedItem: (summary) => fetchOversizedItem(configClient(), summary, signal),
    });
    await reporter.add(evaluation);
    return NOTHING_SWEPT;
  }
  const concurrency = sweepConcurrency();
  // Loaded only here, so change-triggered invocations never pay for the SageMaker client.
  const [{ runPeriodicSweep }, { sageMakerClient }, settings] = await Promise.all([
    import('./periodic-sweep'),
    import('./sagemaker-client'),
    import('../settings/rule-function'),
  ]);
  const reporting = settings.sweepReportingFromEnvironment(process.env);
  const source = settings.sweepSourceFromEnvironment(process.env);
  const progress = await progressStore(process.env[settings.PROGRESS_TABLE_VARIABLE], request.configRuleName);
  return runPeriodicSweep(
    {
      notificationCreationTime: invokingEvent.notificationCreationTime,
      configRuleName: request.configRuleName,
    },
    parameters,
    reporter,
    { sageMaker: sageMakerClient(), config: configClient() },
    {
      ...(concurrency !== undefined && { concurrency }),
      signal,
      reporting,
      source,
      ...(progress && { progress, progressSignal: deadline.report }),
    },
  );
}

/** The store of the sweep's progress, where the function has a table for it; loaded only for a sweep. */
async function progressStore(tableName: string | undefined, ruleName: string) {
  if (tableName === undefined || tableName === '') return undefined;
  const { ProgressStore, progressClient } = await import('./sweep-progress');
  return new ProgressStore(progressClient(), tableName, ruleName);
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function sweepConcurrency(): number | undefined {
  const value = process.env.SWEEP_CONCURRENCY;
  if (value === undefined || value === '') return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 64) {
    throw new Error(`SWEEP_CONCURRENCY must be a whole number from 1 to 64, got '${value}'`);
  }
  return parsed;
}

let client: ConfigServiceClient | undefined;

/** One client per container: created on first use and kept across warm invocations. */
export function configClient(): ConfigServiceClient {
  client ??= new ConfigServiceClient(awsClientOptions());
  return client;
}
