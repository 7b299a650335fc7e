import { formatCsv } from './csv';
import type { Finding } from './finding';
import { formatJson } from './json';
import { formatJunit } from './junit';
import { formatSarif } from './sarif';
import type { ReportMeta } from './report-meta';
import { formatTable } from './table';

export const REPORT_FORMATS = ['table', 'json', 'csv', 'junit', 'sarif'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

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
