import {
  paginateGetComplianceDetailsByConfigRule,
  type ConfigServiceClient,
} from '@aws-sdk/client-config-service';
import { pagesOf } from '../../aws/paging';
import { MODEL_RESOURCE_TYPE } from '../../evaluator/model-facts';

export interface HeldResult {
  readonly resourceId: string;
  /** When Config recorded the result; absent if Config did not say. */
  readonly recordedAt?: Date;
}

/** The models the rule holds a COMPLIANT or NON_COMPLIANT result for. */
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
      { ConfigRuleName: configRuleName, ComplianceTypes: ['COMPLIANT', 'NON_COMPLIANT'] },
      { abortSignal: signal },
    ),
  )) {
    for (const result of page.EvaluationResults ?? []) {
      const qualifier = result.EvaluationResultIdentifier?.EvaluationResultQualifier;
      if (qualifier?.ResourceType !== MODEL_RESOURCE_TYPE || !qualifier.ResourceId) continue;
      held.push({
        resourceId: qualifier.ResourceId,
        ...(result.ResultRecordedTime && { recordedAt: new Date(result.ResultRecordedTime) }),
      });
    }
  }
  return held;
}
