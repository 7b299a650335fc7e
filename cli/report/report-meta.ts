import type { RawRuleParameters } from '../../evaluator/rule-parameters';

/**
 * Something a reader should know that changes no verdict and no exit code: a key given twice in a
 * template, a file skipped by the scan.
 */
export interface ReportWarning {
  /** The template path (only scans have warnings). */
  readonly location: string;
  /** 1-based line in the template, when known. */
  readonly line?: number;
  readonly message: string;
}

/** What every report says about how it was produced, besides the findings. */
export interface ReportMeta {
  readonly command: 'audit' | 'scan';
  /** The rule parameters in AWS Config's string form, only those that were set. */
  readonly parameters: RawRuleParameters;
  /** What was examined: regions (audit) or template paths (scan). */
  readonly scope: readonly string[];
  readonly generatedAt: Date;
  readonly warnings: readonly ReportWarning[];
}

/** Column and element labels: a location is a region for audit and a template for scan. */
export function locationLabel(meta: ReportMeta): string {
  return meta.command === 'audit' ? 'region' : 'template';
}

/** `path:line` or `path`, as compilers and linters name a place. */
export function placeOf(where: { readonly location: string; readonly line?: number }): string {
  return where.line === undefined ? where.location : `${where.location}:${where.line}`;
}

/** `templates/app.yaml:14: duplicate key ...`, one line of plain text. */
export function warningText(warning: ReportWarning): string {
  return `${placeOf(warning)}: ${warning.message}`;
}
