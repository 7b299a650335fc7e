import type { Evaluation } from '@aws-sdk/client-config-service';
import type { Verdict } from '../evaluator/evaluate-model';

/** A verdict as AWS Config records it. */
export function toEvaluation(
  resourceType: string,
  resourceId: string,
  verdict: Verdict,
  orderingTimestamp: Date | string,
): Evaluation {
  return {
    ComplianceResourceType: resourceType,
    ComplianceResourceId: resourceId,
    ComplianceType: verdict.compliance,
    Annotation: verdict.annotation,
    OrderingTimestamp: new Date(orderingTimestamp),
  };
}
