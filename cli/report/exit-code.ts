import type { Finding } from './finding';

export const EXIT_OK = 0;
export const EXIT_NON_COMPLIANT = 1;
/** Usage errors, and any model that could not be judged. */
export const EXIT_ERROR = 2;

/**
 * 0 when every finding is COMPLIANT or NOT_APPLICABLE, 1 when any is NON_COMPLIANT, 2 when any is
 * ERROR. ERROR wins over NON_COMPLIANT: the report is incomplete, and a pipeline that treats 1 as
 * "known violations, all listed" must not read an unjudged model as settled.
 */
export function exitCodeFor(findings: readonly Finding[]): number {
  if (findings.some((finding) => finding.compliance === 'ERROR')) return EXIT_ERROR;
  if (findings.some((finding) => finding.compliance === 'NON_COMPLIANT')) return EXIT_NON_COMPLIANT;
  return EXIT_OK;
}
