import { withoutControlCharacters } from './control-characters';
import type { Finding } from './finding';
import { locationLabel, type ReportMeta, type ReportWarning } from './report-meta';

/**
 * RFC 4180: one header row, one row per finding, then one per warning; list fields are joined with
 * `; `. Control characters other than line breaks are dropped: a CSV file is often just `cat`ed to a
 * terminal.
 * Every field is quoted, and one that a spreadsheet would run as a formula is neutralised, as OWASP
 * recommends against CSV injection: model names, paths and logical IDs are not ours to trust.
 */
export function formatCsv(findings: readonly Finding[], meta: ReportMeta): string {
  const header = [
    locationLabel(meta),
    'resource',
    'resource_arn',
    'line',
    'compliance',
    'reasons',
    'unchecked',
    'annotation',
  ];
  const rows = findings.map((finding) => [
    finding.location,
    finding.resource,
    finding.resourceArn ?? '',
    finding.line === undefined ? '' : String(finding.line),
    finding.compliance,
    finding.reasons.join('; '),
    finding.unchecked.join('; '),
    finding.annotation,
  ]);
  return [header, ...rows, ...meta.warnings.map(warningRow)]
    .map((row) => `${row.map(csvField).join(',')}\r\n`)
    .join('');
}

/** A warning is a row of its own after the findings, with compliance WARNING and no resource. */
function warningRow(warning: ReportWarning): string[] {
  const line = warning.line === undefined ? '' : String(warning.line);
  return [warning.location, '', '', line, 'WARNING', warning.message, '', warning.message];
}

/** What starts a formula in Excel, LibreOffice or Google Sheets (OWASP's list). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Quoted whatever it holds: a spreadsheet set to another separator (`;` in many locales) would
 * otherwise split an unquoted field and start a new cell with what follows. A leading quote makes
 * the spreadsheet show a formula as text.
 */
function csvField(raw: string): string {
  const value = withoutControlCharacters(raw);
  const inert = FORMULA_START.test(value) ? `'${value}` : value;
  return `"${inert.replace(/"/g, '""')}"`;
}
