import { withoutControlCharacters } from './control-characters';
import type { Finding } from './finding';
import { locationLabel, type ReportMeta } from './report-meta';

/**
 * RFC 4180: one header row, then one row per finding; list fields are joined with `; `. Control
 * characters other than line breaks are dropped: a CSV file is often just `cat`ed to a terminal.
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
  return [header, ...rows].map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}

function csvField(raw: string): string {
  const value = withoutControlCharacters(raw);
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
