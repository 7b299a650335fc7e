import { formatAnnotation } from '../../evaluator/annotation';
import type { ComplianceType, Verdict } from '../../evaluator/evaluate-model';

/**
 * One judged resource, as every CLI report format prints it: a model in an account (audit) or a
 * model resource in a template (scan).
 */
export interface Finding {
  /** Where the resource lives: a region for `audit`, a template path for `scan`. */
  readonly location: string;
  /** The model name (audit) or logical ID / construct path (scan). */
  readonly resource: string;
  /** The model ARN, when known. */
  readonly resourceArn?: string;
  /** 1-based line of the resource in its template, when known. */
  readonly line?: number;
  /** ERROR: the resource could not be judged (never reported as compliant). */
  readonly compliance: ComplianceType | 'ERROR';
  /** Why it fails (NON_COMPLIANT), or the error (ERROR). */
  readonly reasons: readonly string[];
  /** Values that could not be checked statically (template intrinsics). */
  readonly unchecked: readonly string[];
  readonly annotation: string;
}

/** Where a finding is, everything but the verdict. */
export type FindingSubject = Pick<Finding, 'location' | 'resource' | 'resourceArn' | 'line'>;

export function findingFromVerdict(subject: FindingSubject, verdict: Verdict): Finding {
  return {
    ...subject,
    compliance: verdict.compliance,
    reasons: verdict.reasons,
    unchecked: verdict.unchecked,
    annotation: verdict.annotation,
  };
}

/** A resource that could not be judged: reported as such, never as compliant. */
export function errorFinding(subject: FindingSubject, error: string): Finding {
  return {
    ...subject,
    compliance: 'ERROR',
    reasons: [error],
    unchecked: [],
    annotation: formatAnnotation([error]),
  };
}
