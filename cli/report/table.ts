import { singleLine } from './control-characters';
import type { Finding } from './finding';
import { locationLabel, placeOf, warningText, type ReportMeta } from './report-meta';
import { countFindings, describeCounts, findingDetail } from './summary';

/**
 * One row per model, for people: the verdicts that need action first, then a summary line, then the
 * warnings, if any.
 */
export function formatTable(findings: readonly Finding[], meta: ReportMeta): string {
  const header = [
    locationLabel(meta).toUpperCase(),
    meta.command === 'audit' ? 'MODEL' : 'RESOURCE',
    'VERDICT',
    'DETAIL',
  ];
  const rows = sortForPeople(findings).map((finding) =>
    [placeOf(finding), finding.resource, finding.compliance, findingDetail(finding)].map(singleLine),
  );
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  const body = rows.length > 0 ? [line(header), ...rows.map(line)] : ['No models found.'];
  const warnings =
    meta.warnings.length > 0
      ? ['', 'Warnings:', ...meta.warnings.map((warning) => `  ${singleLine(warningText(warning))}`)]
      : [];
  return `${[...body, '', describeCounts(countFindings(findings)), ...warnings].join('\n')}\n`;
}

const ORDER: Readonly<Record<Finding['compliance'], number>> = {
  ERROR: 0,
  NON_COMPLIANT: 1,
  COMPLIANT: 2,
  NOT_APPLICABLE: 3,
};

function sortForPeople(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      ORDER[a.compliance] - ORDER[b.compliance] ||
      a.location.localeCompare(b.location) ||
      a.resource.localeCompare(b.resource),
  );
}
