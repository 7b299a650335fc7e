import type { RawRuleParameters } from '../../lambda/rule-parameters';
import { formatCsv } from './csv';
import type { Finding } from './finding';
import { formatJson } from './json';
import { formatJunit } from './junit';
import { formatSarif } from './sarif';
import { formatTable } from './table';

export const REPORT_FORMATS = ['table', 'json', 'csv', 'junit', 'sarif'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** What every report says about how it was produced, besides the findings. */
export interface ReportMeta {
  readonly command: 'audit' | 'scan';
  /** The rule parameters in AWS Config's string form, only those that were set. */
  readonly parameters: RawRuleParameters;
  /** What was examined: regions (audit) or template paths (scan). */
  readonly scope: readonly string[];
  readonly generatedAt: Date;
}

const FORMATTERS: Readonly<Record<ReportFormat, (findings: readonly Finding[], meta: ReportMeta) => string>> =
  {
    table: formatTable,
    json: formatJson,
    csv: formatCsv,
    junit: formatJunit,
    sarif: formatSarif,
  };

/** The whole report, ending in a newline, ready for stdout. */
export function formatReport(findings: readonly Finding[], format: ReportFormat, meta: ReportMeta): string {
  return FORMATTERS[format](findings, meta);
}

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

/** Column and element labels: a location is a region for audit and a template for scan. */
export function locationLabel(meta: ReportMeta): string {
  return meta.command === 'audit' ? 'region' : 'template';
}
