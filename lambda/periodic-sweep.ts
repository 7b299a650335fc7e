import type { ConfigServiceClient } from '@aws-sdk/client-config-service';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { listHeldModelResults, type HeldResult } from './aws/config-compliance';
import { listRecordedModels, type RecordedModels } from './aws/config-inventory';
import type { EvaluationReporter } from './aws/evaluation-reporter';
import {
  DEFAULT_SWEEP_CONCURRENCY,
  sweepModels,
  type ModelFailure,
  type SweepResult,
} from '../aws/sagemaker-models';
import { describeError } from '../aws/client-options';
import { DEFAULT_SWEEP_REPORTING, type SweepReportingSettings } from '../aws/sweep-reporting';
import { toEvaluation } from './evaluations';
import { isSent, reportSelector, SelectionTally, type SelectionCounts } from './report-selection';
import { evaluateModel, notApplicableVerdict } from '../evaluator/evaluate-model';
import { MODEL_RESOURCE_TYPE } from '../evaluator/model-facts';
import type { RuleParameters } from '../evaluator/rule-parameters';

export interface PeriodicSweepRequest {
  readonly notificationCreationTime: string;
  readonly configRuleName: string;
}

export interface PeriodicSweepClients {
  readonly sageMaker: SageMakerClient;
  readonly config: ConfigServiceClient;
}

export interface PeriodicSweepOutcome {
  readonly modelsListed: number;
  readonly failures: readonly ModelFailure[];
  /** Set when ListModels failed part-way: models after that page were never judged. */
  readonly listingError?: string;
  readonly cleared: number;
  readonly selection: SelectionCounts;
  /** Set when the results Config holds could not be read: every verdict was sent, nothing cleared. */
  readonly heldResultsError?: string;
}

/**
 * Judges every model in the account and region from the live SageMaker API, then clears results
 * Config still holds for models that are gone. Each verdict the selection keeps (in delta mode, those
 * that differ from what Config holds, or are due for a refresh) goes to the reporter as soon as it is known.
 */
export async function runPeriodicSweep(
  request: PeriodicSweepRequest,
  parameters: RuleParameters,
  reporter: EvaluationReporter,
  clients: PeriodicSweepClients,
  concurrency = DEFAULT_SWEEP_CONCURRENCY,
  reporting: SweepReportingSettings = DEFAULT_SWEEP_REPORTING,
): Promise<PeriodicSweepOutcome> {
  const started = new Date();
  // Read once, before anything is sent: what to send depends on them, and so does the clean-up.
  const [recorded, held] = await Promise.all([
    listRecordedModels(clients.config),
    readHeldResults(clients.config, request.configRuleName),
  ]);
  const orderingTimestamp = request.notificationCreationTime;
  // On Config's clock, as its results' recorded times are, and the same on a retry of this invocation.
  const select = reportSelector(held.results, reporting, new Date(orderingTimestamp));
  const tally = new SelectionTally();

  const sweep = await sweepModels(
    clients.sageMaker,
    { withTags: parameters.exemptionTag !== undefined, concurrency },
    async (model) => {
      const verdict = evaluateModel(model.facts, parameters);
      for (const resourceId of recorded.idsOf(model.name)) {
        const selection = select(resourceId, verdict);
        tally.add(selection);
        if (isSent(selection))
          await reporter.add(toEvaluation(MODEL_RESOURCE_TYPE, resourceId, verdict, orderingTimestamp));
      }
    },
  );
  // Verdicts reached are sent before anything is cleared.
  await reporter.flush();
  const outcome = {
    modelsListed: sweep.listed.length,
    failures: sweep.failures,
    ...(sweep.listingError !== undefined && { listingError: sweep.listingError }),
    selection: tally.counts(),
    ...(held.error !== undefined && { heldResultsError: held.error }),
  };
  // Without the full list of models, no result can be told to belong to a model that is gone.
  if (sweep.listingError !== undefined || held.results === undefined) return { ...outcome, cleared: 0 };

  const inUse = idsInUse(sweep, recorded);
  // A result recorded after the sweep began may be a model created since ListModels paged past it.
  // A NOT_APPLICABLE result needs no clearing.
  const stale = held.results.filter(
    (result) =>
      (result.compliance === 'COMPLIANT' || result.compliance === 'NON_COMPLIANT') &&
      !inUse.has(result.resourceId) &&
      result.recordedAt !== undefined &&
      result.recordedAt < started,
  );
  const gone = notApplicableVerdict('The model no longer exists');
  for (const { resourceId } of stale) {
    await reporter.add(toEvaluation(MODEL_RESOURCE_TYPE, resourceId, gone, orderingTimestamp));
  }
  return { ...outcome, cleared: stale.length };
}

/** The results Config holds, or why they could not be read: a failed read must not stop the sweep. */
async function readHeldResults(
  client: ConfigServiceClient,
  configRuleName: string,
): Promise<{ readonly results?: HeldResult[]; readonly error?: string }> {
  try {
    return { results: await listHeldModelResults(client, configRuleName) };
  } catch (error) {
    return { error: describeError(error) };
  }
}

/**
 * IDs that may name a live model: every ID in Config's inventory (which lists live resources only),
 * and each live model's name and recorded IDs. Only results under other IDs are stale.
 */
function idsInUse(sweep: SweepResult, recorded: RecordedModels): Set<string> {
  const vanished = new Set(sweep.vanished);
  const live = sweep.listed.filter((model) => !vanished.has(model.name));
  return new Set([...recorded.ids, ...live.flatMap((model) => [model.name, ...recorded.idsOf(model.name)])]);
}
