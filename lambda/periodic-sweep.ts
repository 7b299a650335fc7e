import type { ConfigServiceClient } from '@aws-sdk/client-config-service';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { listHeldModelResults } from './aws/config-compliance';
import { listRecordedModels, type RecordedModels } from './aws/config-inventory';
import type { EvaluationReporter } from './aws/evaluation-reporter';
import {
  DEFAULT_SWEEP_CONCURRENCY,
  sweepModels,
  type ModelFailure,
  type SweepResult,
} from '../aws/sagemaker-models';
import { toEvaluation } from './evaluations';
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
}

/**
 * Judges every model in the account and region from the live SageMaker API, then clears results
 * Config still holds for models that are gone. Each verdict goes to the reporter as soon as it is known.
 */
export async function runPeriodicSweep(
  request: PeriodicSweepRequest,
  parameters: RuleParameters,
  reporter: EvaluationReporter,
  clients: PeriodicSweepClients,
  concurrency = DEFAULT_SWEEP_CONCURRENCY,
): Promise<PeriodicSweepOutcome> {
  const started = new Date();
  const recorded = await listRecordedModels(clients.config);
  const orderingTimestamp = request.notificationCreationTime;

  const sweep = await sweepModels(
    clients.sageMaker,
    { withTags: parameters.exemptionTag !== undefined, concurrency },
    async (model) => {
      const verdict = evaluateModel(model.facts, parameters);
      for (const resourceId of recorded.idsOf(model.name)) {
        await reporter.add(toEvaluation(MODEL_RESOURCE_TYPE, resourceId, verdict, orderingTimestamp));
      }
    },
  );
  // Verdicts reached are sent before the clean-up, which pages through every result Config holds.
  await reporter.flush();
  const outcome = {
    modelsListed: sweep.listed.length,
    failures: sweep.failures,
    ...(sweep.listingError !== undefined && { listingError: sweep.listingError }),
  };
  // Without the full list of models, no result can be told to belong to a model that is gone.
  if (sweep.listingError !== undefined) return { ...outcome, cleared: 0 };

  const inUse = idsInUse(sweep, recorded);
  const held = await listHeldModelResults(clients.config, request.configRuleName);
  // A result recorded after the sweep began may be a model created since ListModels paged past it.
  const stale = held.filter(
    (result) =>
      !inUse.has(result.resourceId) && result.recordedAt !== undefined && result.recordedAt < started,
  );
  const gone = notApplicableVerdict('The model no longer exists');
  for (const { resourceId } of stale) {
    await reporter.add(toEvaluation(MODEL_RESOURCE_TYPE, resourceId, gone, orderingTimestamp));
  }
  return { ...outcome, cleared: stale.length };
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
