import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { sweepModels } from '../../aws/sagemaker-models';
import { evaluateModel } from '../../evaluator/evaluate-model';
import type { RuleParameters } from '../../evaluator/rule-parameters';
import { errorFinding, findingFromVerdict, type Finding } from '../report/finding';

/** The resource name of a finding about a whole region whose models could not be listed. */
export const WHOLE_REGION = '*';

/**
 * Judges every model in one region exactly as the Lambda's periodic sweep does (same listing,
 * describing, tag rule and evaluator). A model deleted between ListModels and DescribeModel is an ERROR
 * finding, as it is a failure of the sweep: the two answers disagree, and neither is taken on trust.
 */
export async function auditRegion(
  client: SageMakerClient,
  region: string,
  parameters: RuleParameters,
  concurrency: number,
  onJudged: () => void,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const sweep = await sweepModels(
    client,
    { withTags: parameters.exemptionTag !== undefined, concurrency },
    (model) => {
      findings.push(
        findingFromVerdict(
          { location: region, resource: model.name, resourceArn: model.arn },
          evaluateModel(model.facts, parameters),
        ),
      );
      onJudged();
    },
  );
  // The models listed before ListModels failed keep their verdicts; the rest of the region is unknown.
  if (sweep.listingError !== undefined) {
    findings.push(
      errorFinding(
        { location: region, resource: WHOLE_REGION },
        `Could not list models: ${sweep.listingError}`,
      ),
    );
  }
  const arnOf = new Map(sweep.listed.map((model) => [model.name, model.arn]));
  for (const failure of sweep.failures) {
    findings.push(
      errorFinding(
        { location: region, resource: failure.name, resourceArn: arnOf.get(failure.name) },
        `Could not describe the model: ${failure.error}`,
      ),
    );
  }
  return findings;
}
