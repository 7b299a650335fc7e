import {
  paginateGetComplianceDetailsByConfigRule,
  type ConfigServiceClient,
} from '@aws-sdk/client-config-service';
import { pagesOf } from '../aws/paging';
import { MODEL_RESOURCE_TYPE } from '../evaluator/model-facts';

/** A result AWS Config holds for a model, as GetComplianceDetailsByConfigRule returned it. */
export interface HeldResult {
  readonly resourceId: string;
  /** As Config gave it; if absent or unexpected, the result is not trusted and the verdict is sent. */
  readonly compliance?: string;
  readonly annotation?: string;
  /** When Config recorded the result; absent if Config did not say. */
  readonly recordedAt?: Date;
}

/**
 * Every result the rule holds for a model, NOT_APPLICABLE ones included: the API returns the compliance
 * types it is asked for, and NOT_APPLICABLE is one it accepts (at most three may be asked for at once).
 */
export async function listHeldModelResults(
  client: ConfigServiceClient,
  configRuleName: string,
  signal?: AbortSignal,
): Promise<HeldResult[]> {
  const held: HeldResult[] = [];
  for await (const page of pagesOf(
    'GetComplianceDetailsByConfigRule',
    paginateGetComplianceDetailsByConfigRule(
      { client, pageSize: 100 },
      { ConfigRuleName: configRuleName, ComplianceTypes: ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE'] },
      { abortSignal: signal },
    ),
  )) {
    for (const result of page.EvaluationResults ?? []) {
      const qualifier = result.EvaluationResultIdentifier?.EvaluationResultQualifier;
      if (qualifier?.ResourceType !== MODEL_RESOURCE_TYPE || !qualifier.ResourceId) continue;
      // A proactive result judges a template before deployment, not the resource the sweep reports on.
      if (qualifier.EvaluationMode === 'PROACTIVE') continue;
      held.push({
        resourceId: qualifier.ResourceId,
        ...(result.ComplianceType !== undefined && { compliance: result.ComplianceType }),
        ...(result.Annotation !== undefined && { annotation: result.Annotation }),
        ...(result.ResultRecordedTime && { recordedAt: new Date(result.ResultRecordedTime) }),
      });
    }
  }
  return held;
}
