import type { Evaluation } from '@aws-sdk/client-config-service';

const COLUMNS = ['Model (resourceId)', 'ComplianceType', 'Annotation'] as const;

/** Evaluations as a plain-text table, one row per resource in the order sent. */
export function formatVerdictTable(evaluations: readonly Evaluation[]): string {
  const rows = evaluations.map((evaluation) => [
    evaluation.ComplianceResourceId ?? '',
    evaluation.ComplianceType ?? '',
    evaluation.Annotation ?? '',
  ]);
  // Annotations run up to 256 characters, so the last column is neither padded nor underlined in full.
  const widths = COLUMNS.map((title, column) =>
    column === COLUMNS.length - 1
      ? title.length
      : Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(COLUMNS), rule, ...rows.map(line)].join('\n');
}

/** `COMPLIANT 1, NON_COMPLIANT 4, NOT_APPLICABLE 2`, in a fixed order. */
export function formatCounts(counts: Readonly<Record<string, number>>): string {
  const order = ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE'];
  const keys = [
    ...order.filter((key) => key in counts),
    ...Object.keys(counts).filter((key) => !order.includes(key)),
  ];
  return keys.map((key) => `${key} ${counts[key]}`).join(', ');
}
