import type { Evaluation } from '@aws-sdk/client-config-service';
import { formatAnnotation } from './annotation';
import type { Verdict } from './evaluator';

export function notApplicableVerdict(reason: string): Verdict {
  return { compliance: 'NOT_APPLICABLE', reasons: [], unchecked: [], annotation: formatAnnotation([reason]) };
}

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
