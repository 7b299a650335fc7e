import { oneOf } from '../args';
import type { CliIo } from '../process-io';
import { singleLine } from './control-characters';
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

export const FORMAT_HELP = `  --format FORMAT                ${REPORT_FORMATS.join(', ')}
                                 (default: table on a terminal, json when stdout is piped)`;

/** A table for people at a terminal; anything piped gets JSON, which scripts can rely on. */
export function chooseReportFormat(value: string | undefined, io: CliIo): ReportFormat {
  if (value === undefined) return io.stdoutIsTTY ? 'table' : 'json';
  return oneOf('--format', value, REPORT_FORMATS);
}

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

/**
 * Whatever the report format, someone reading the terminal learns the run is incomplete: one line on
 * stderr per ERROR finding, `error: <subject>: <reasons>`.
 */
export function reportErrorsOnStderr(
  findings: readonly Finding[],
  io: CliIo,
  subjectOf: (finding: Finding) => string,
): void {
  for (const finding of findings.filter((candidate) => candidate.compliance === 'ERROR')) {
    io.stderr(`error: ${singleLine(`${subjectOf(finding)}: ${finding.reasons.join('; ')}`)}\n`);
  }
}
