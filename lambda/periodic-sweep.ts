import type { ConfigServiceClient } from '@aws-sdk/client-config-service';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { listJudgedModelIds } from './aws/config-compliance';
import { listRecordedModelIds } from './aws/config-inventory';
import type { EvaluationReporter } from './aws/evaluation-reporter';
import { sweepModels, type ModelFailure } from './aws/sagemaker-models';
import { notApplicableVerdict, toEvaluation } from './evaluations';
import { evaluateModel } from './evaluator';
import { MODEL_RESOURCE_TYPE } from './model-facts';
import type { RuleParameters } from './rule-parameters';

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
  readonly cleared: number;
}

export const DEFAULT_SWEEP_CONCURRENCY = 8;

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
  const recordedIds = await listRecordedModelIds(clients.config);
  const resourceIdOf = (modelName: string): string => recordedIds.get(modelName) ?? modelName;
  const orderingTimestamp = request.notificationCreationTime;

  const sweep = await sweepModels(
    clients.sageMaker,
    { withTags: parameters.exemptionTag !== undefined, concurrency },
    (model) =>
      reporter.add(
        toEvaluation(
          MODEL_RESOURCE_TYPE,
          resourceIdOf(model.name),
          evaluateModel(model.facts, parameters),
          orderingTimestamp,
        ),
      ),
  );

  const vanished = new Set(sweep.vanished);
  const existing = new Set(
    sweep.listed.filter((model) => !vanished.has(model.name)).map((model) => resourceIdOf(model.name)),
  );
  const stale = [...(await listJudgedModelIds(clients.config, request.configRuleName))].filter(
    (id) => !existing.has(id),
  );
  const gone = notApplicableVerdict('The model no longer exists');
  for (const resourceId of stale) {
    await reporter.add(toEvaluation(MODEL_RESOURCE_TYPE, resourceId, gone, orderingTimestamp));
  }
  return { modelsListed: sweep.listed.length, failures: sweep.failures, cleared: stale.length };
}
