import {
  paginateGetComplianceDetailsByConfigRule,
  type ConfigServiceClient,
} from '@aws-sdk/client-config-service';
import { MODEL_RESOURCE_TYPE } from '../model-facts';

/** The resourceIds of models that the rule holds a COMPLIANT or NON_COMPLIANT result for. */
export async function listJudgedModelIds(
  client: ConfigServiceClient,
  configRuleName: string,
): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const page of paginateGetComplianceDetailsByConfigRule(
    { client, pageSize: 100 },
    { ConfigRuleName: configRuleName, ComplianceTypes: ['COMPLIANT', 'NON_COMPLIANT'] },
  )) {
    for (const result of page.EvaluationResults ?? []) {
      const qualifier = result.EvaluationResultIdentifier?.EvaluationResultQualifier;
      if (qualifier?.ResourceType === MODEL_RESOURCE_TYPE && qualifier.ResourceId)
        ids.add(qualifier.ResourceId);
    }
  }
  return ids;
}
