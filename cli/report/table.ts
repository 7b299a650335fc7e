import { singleLine } from './control-characters';
import type { Finding } from './finding';
import { locationLabel, placeOf, warningText, type ReportMeta } from './report-meta';
import { countFindings, describeCounts, findingDetail } from './summary';

const UNCHECKED_LEGEND =
  'UNCHECKED: values a template computes at deploy time (Ref, Fn::GetAtt, Fn::FindInMap, {{resolve:...}}, ...);\n' +
  'the verdict takes them as present. --format json lists them.';

/**
 * One row per model, for people: the verdicts that need action first, then a summary line, then the
 * warnings, if any. A scan has an UNCHECKED column: the detail is cut to the annotation's 256
 * characters, which can drop the "not checked statically" part, yet whether a verdict rests on values
 * known only at deploy time must always show.
 */
export function formatTable(findings: readonly Finding[], meta: ReportMeta): string {
  const withUnchecked = meta.command === 'scan';
  const header = [
    locationLabel(meta).toUpperCase(),
    withUnchecked ? 'RESOURCE' : 'MODEL',
    'VERDICT',
    ...(withUnchecked ? ['UNCHECKED'] : []),
    'DETAIL',
  ];
  const rows = sortForPeople(findings).map((finding) =>
    [
      placeOf(finding),
      finding.resource,
      finding.compliance,
      ...(withUnchecked ? [countOf(finding.unchecked.length, 'value')] : []),
      findingDetail(finding),
    ].map(singleLine),
  );
  // Folded, not spread into Math.max: a spread of 140,000 rows overflows the stack.
  const widths = header.map((title, column) =>
    rows.reduce((widest, row) => Math.max(widest, (row[column] ?? '').length), title.length),
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
  const legend = findings.some((finding) => finding.unchecked.length > 0) ? [UNCHECKED_LEGEND] : [];
  return `${[...body, '', describeCounts(countFindings(findings)), ...legend, ...warnings].join('\n')}\n`;
}

/** `1 value`, `3 values`, or nothing for none. */
function countOf(count: number, noun: string): string {
  return count === 0 ? '' : `${count} ${noun}${count === 1 ? '' : 's'}`;
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
