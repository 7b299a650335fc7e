import type { Context } from 'aws-lambda';
import { configClient } from './aws/config-client';
import { fetchOversizedItem } from './aws/config-history';
import { EvaluationReporter } from './aws/evaluation-reporter';
import type { ModelFailure } from './aws/sagemaker-models';
import { evaluateChange } from './change-evaluation';
import { parseConfigRuleEvent, type ConfigRuleEvent } from './config-event';
import { logger } from './logger';
import { parseRuleParametersJson, type RuleParameters } from './rule-parameters';

export interface InvocationSummary {
  readonly messageType: string;
  readonly counts: Readonly<Record<string, number>>;
  readonly modelsSwept: number;
  readonly notJudged: number;
  readonly staleResultsCleared: number;
  readonly putEvaluationsCalls: number;
  readonly durationMs: number;
}

export class ModelsNotJudgedError extends Error {
  constructor(failures: readonly ModelFailure[], listed: number) {
    const shown = failures.slice(0, 10).map((failure) => `${failure.name} (${failure.error})`);
    const more = failures.length > shown.length ? `; and ${failures.length - shown.length} more` : '';
    super(
      `Could not judge ${failures.length} of ${listed} models; no verdict was reported for them: ${shown.join('; ')}${more}`,
    );
    this.name = 'ModelsNotJudgedError';
  }
}

interface RouteOutcome {
  readonly modelsSwept: number;
  readonly failures: readonly ModelFailure[];
  readonly cleared: number;
}

/**
 * Entry point AWS Config invokes. Everything is validated before the first evaluation is sent, and
 * any model left without a verdict fails the invocation after the others are reported.
 */
export async function handler(event: unknown, context?: Context): Promise<InvocationSummary> {
  const started = Date.now();
  if (context) logger.addContext(context);
  let request: ConfigRuleEvent;
  let parameters: RuleParameters;
  try {
    request = parseConfigRuleEvent(event);
    parameters = parseRuleParametersJson(request.ruleParameters);
  } catch (error) {
    logger.error('Rejected the invocation before evaluating anything', { error: (error as Error).message });
    throw error;
  }

  const reporter = new EvaluationReporter(configClient(), request.resultToken);
  let outcome: RouteOutcome;
  try {
    outcome = await route(request, parameters, reporter);
  } catch (error) {
    // Verdicts already reached are still sent: a failure late in a sweep must not discard them.
    await reporter
      .finish()
      .catch((reportingError: Error) => logger.error('Reporting failed', { error: reportingError.message }));
    logger.error('Invocation failed', {
      error: (error as Error).message,
      summary: summarise(request, reporter, started),
    });
    throw error;
  }
  await reporter.finish();
  const summary = summarise(request, reporter, started, outcome);
  logger.info('Evaluation summary', { summary });
  if (outcome.failures.length > 0) {
    for (const failure of outcome.failures)
      logger.error('Model not judged', { model: failure.name, error: failure.error });
    throw new ModelsNotJudgedError(outcome.failures, outcome.modelsSwept);
  }
  return summary;
}

function summarise(
  request: ConfigRuleEvent,
  reporter: EvaluationReporter,
  started: number,
  outcome: RouteOutcome = { modelsSwept: 0, failures: [], cleared: 0 },
): InvocationSummary {
  return {
    messageType: request.invokingEvent.messageType,
    counts: { ...reporter.counts },
    modelsSwept: outcome.modelsSwept,
    notJudged: outcome.failures.length,
    staleResultsCleared: outcome.cleared,
    putEvaluationsCalls: reporter.calls,
    durationMs: Date.now() - started,
  };
}

async function route(
  request: ConfigRuleEvent,
  parameters: RuleParameters,
  reporter: EvaluationReporter,
): Promise<RouteOutcome> {
  const invokingEvent = request.invokingEvent;
  if (invokingEvent.messageType !== 'ScheduledNotification') {
    const { evaluation } = await evaluateChange(invokingEvent, request.eventLeftScope, parameters, {
      fetchOversizedItem: (summary) => fetchOversizedItem(configClient(), summary),
    });
    await reporter.add(evaluation);
    return { modelsSwept: 0, failures: [], cleared: 0 };
  }
  // Loaded only here, so change-triggered invocations never pay for the SageMaker client.
  const [{ runPeriodicSweep }, { sageMakerClient }] = await Promise.all([
    import('./periodic-sweep'),
    import('./aws/sagemaker-client'),
  ]);
  const outcome = await runPeriodicSweep(
    {
      notificationCreationTime: invokingEvent.notificationCreationTime,
      configRuleName: request.configRuleName,
    },
    parameters,
    reporter,
    { sageMaker: sageMakerClient(), config: configClient() },
    sweepConcurrency(),
  );
  return { modelsSwept: outcome.modelsListed, failures: outcome.failures, cleared: outcome.cleared };
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
