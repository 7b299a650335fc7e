import { oneOf } from './args';
import { REPORT_FORMATS, type ReportFormat } from './report/format';
import type { CliIo } from './io';

export const FORMAT_HELP = `  --format FORMAT                ${REPORT_FORMATS.join(', ')}
                                 (default: table on a terminal, json when stdout is piped)`;

/** A table for people at a terminal; anything piped gets JSON, which scripts can rely on. */
export function chooseReportFormat(value: string | undefined, io: CliIo): ReportFormat {
  if (value === undefined) return io.stdoutIsTTY ? 'table' : 'json';
  return oneOf('--format', value, REPORT_FORMATS);
}
