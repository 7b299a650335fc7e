import type { RawRuleParameters } from '../../evaluator/rule-parameters';

/** What every report says about how it was produced, besides the findings. */
export interface ReportMeta {
  readonly command: 'audit' | 'scan';
  /** The rule parameters in AWS Config's string form, only those that were set. */
  readonly parameters: RawRuleParameters;
  /** What was examined: regions (audit) or template paths (scan). */
  readonly scope: readonly string[];
  readonly generatedAt: Date;
}

/** Column and element labels: a location is a region for audit and a template for scan. */
export function locationLabel(meta: ReportMeta): string {
  return meta.command === 'audit' ? 'region' : 'template';
}
