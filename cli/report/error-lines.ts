import type { CliIo } from '../io';
import { singleLine } from './control-characters';
import type { Finding } from './finding';

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
