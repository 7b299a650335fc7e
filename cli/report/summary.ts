import type { Finding } from './finding';

type FindingCompliance = Finding['compliance'];

/** Every verdict a finding can carry, in the order reports list them. */
const FINDING_COMPLIANCE: readonly FindingCompliance[] = [
  'NON_COMPLIANT',
  'ERROR',
  'COMPLIANT',
  'NOT_APPLICABLE',
];

export type FindingCounts = Readonly<Record<FindingCompliance, number>> & { readonly total: number };

export function countFindings(findings: readonly Finding[]): FindingCounts {
  const counts: Record<FindingCompliance, number> = {
    NON_COMPLIANT: 0,
    ERROR: 0,
    COMPLIANT: 0,
    NOT_APPLICABLE: 0,
  };
  for (const finding of findings) counts[finding.compliance] += 1;
  return { total: findings.length, ...counts };
}

/** `5 models: 2 non-compliant, 1 error, 2 compliant` (zero counts left out). */
export function describeCounts(counts: FindingCounts): string {
  const parts = FINDING_COMPLIANCE.filter((compliance) => counts[compliance] > 0).map(
    (compliance) => `${counts[compliance]} ${compliance.toLowerCase().replace('_', '-')}`,
  );
  const noun = counts.total === 1 ? 'model' : 'models';
  return parts.length === 0 ? `0 models` : `${counts.total} ${noun}: ${parts.join(', ')}`;
}

/** What a report prints as the reason column: the failures if any, else the verdict's annotation. */
export function findingDetail(finding: Finding): string {
  return finding.reasons.length > 0 ? finding.reasons.join('; ') : finding.annotation;
}
