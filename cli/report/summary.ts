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

/**
 * `4 models: 2 non-compliant, 2 compliant; 1 error` (zero counts left out). Errors are counted apart:
 * one may stand for a model that could not be judged, or for a whole template or region that could not
 * be read, which holds no model anyone can count.
 */
export function describeCounts(counts: FindingCounts): string {
  const judged = counts.total - counts.ERROR;
  const verdicts = FINDING_COMPLIANCE.filter(
    (compliance) => compliance !== 'ERROR' && counts[compliance] > 0,
  ).map((compliance) => `${counts[compliance]} ${compliance.toLowerCase().replace('_', '-')}`);
  const models = `${judged} ${judged === 1 ? 'model' : 'models'}${verdicts.length > 0 ? `: ${verdicts.join(', ')}` : ''}`;
  return counts.ERROR === 0
    ? models
    : `${models}; ${counts.ERROR} ${counts.ERROR === 1 ? 'error' : 'errors'}`;
}

/** What a report prints as the reason column: the failures if any, else the verdict's annotation. */
export function findingDetail(finding: Finding): string {
  return finding.reasons.length > 0 ? finding.reasons.join('; ') : finding.annotation;
}
