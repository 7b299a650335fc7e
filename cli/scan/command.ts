import type { RuleParameters } from '../../evaluator/rule-parameters';
import type { CliIo } from '../process-io';
import { exitCodeFor, formatReport, reportErrorsOnStderr } from '../report';
import type { Finding } from '../report/finding';
import { placeOf, type ReportWarning } from '../report/report-meta';
import { describeFsError } from '../file-system';
import { discoverTemplates, type TemplateCandidate } from './discover';
import { describeBytes, MAX_TEMPLATE_BYTES } from './limits';
import { parseScanOptions, SCAN_HELP } from './options';
import { FileTooLargeError, NotRegularFileError, readRegularFile } from './regular-file';
import {
  fileError,
  fileErrorScan,
  notATemplate,
  scanTemplate,
  WHOLE_FILE,
  type FileScan,
} from './scan-template';

/** `sagemaker-model-vpc scan`: returns the exit code instead of exiting, so tests can run it in-process. */
export async function runScanCommand(args: readonly string[], io: CliIo): Promise<number> {
  const options = parseScanOptions(args, io);
  if (options.help) {
    io.stdout(SCAN_HELP);
    return 0;
  }
  const { findings, warnings } = await scanPaths(options.paths, options.rule.parameters);
  reportErrorsOnStderr(findings, io, (finding) =>
    finding.resource === WHOLE_FILE ? placeOf(finding) : `${placeOf(finding)} ${finding.resource}`,
  );
  io.stdout(
    formatReport(findings, options.format, {
      command: 'scan',
      parameters: options.rule.raw,
      scope: options.paths,
      generatedAt: new Date(),
      warnings,
    }),
  );
  return exitCodeFor(findings);
}

/**
 * A directory named on the command line must hold at least one template: an empty folder or a
 * cdk.out without stacks (a wrong path, a synth that did not run) would otherwise pass as "no models".
 */
async function scanPaths(
  paths: readonly string[],
  parameters: RuleParameters,
): Promise<{ findings: Finding[]; warnings: ReportWarning[] }> {
  const discovery = await discoverTemplates(paths);
  const findings = discovery.unreadable.map(({ path, problem }) =>
    fileError(path, `cannot read: ${problem}`),
  );
  const warnings = [...discovery.skipped];
  const templates = new Set<string>();
  for (const candidate of discovery.candidates) {
    const scanned = await scanFile(candidate, parameters);
    if (scanned.template) templates.add(candidate.path);
    // One by one: spread into push, a template of 150,000 models or warnings overflowed the stack.
    for (const finding of scanned.findings) findings.push(finding);
    for (const warning of scanned.warnings) warnings.push(warning);
  }
  for (const directory of discovery.directories) {
    if (!directory.files.some((file) => templates.has(file)))
      findings.push(fileError(directory.path, 'no CloudFormation templates found'));
  }
  return { findings, warnings };
}

/**
 * One file's findings and warnings. Whatever goes wrong with one file is an ERROR for that file, and
 * the scan goes on; the error's message is left out, as it could quote the template. A file found by
 * walking that cannot be a template (a FIFO, a file larger than any template) is skipped with a note.
 */
async function scanFile(candidate: TemplateCandidate, parameters: RuleParameters): Promise<FileScan> {
  let text: string;
  try {
    text = await readRegularFile(candidate.path, MAX_TEMPLATE_BYTES);
  } catch (error) {
    const problem = describeReadError(error);
    return candidate.mustBeTemplate ||
      !(error instanceof FileTooLargeError || error instanceof NotRegularFileError)
      ? fileErrorScan(candidate.path, `cannot read: ${problem}`)
      : notATemplate({ location: candidate.path, message: `skipped: ${problem}` });
  }
  try {
    return scanTemplate(candidate.path, text, parameters, candidate.mustBeTemplate);
  } catch (error) {
    const kind = error instanceof Error ? error.name : typeof error;
    return fileErrorScan(candidate.path, `cannot be scanned: unexpected ${kind}`);
  }
}

function describeReadError(error: unknown): string {
  if (error instanceof NotRegularFileError) return error.message;
  if (error instanceof FileTooLargeError) {
    return (
      `${describeBytes(error.bytes)}, more than the ${describeBytes(MAX_TEMPLATE_BYTES)} the scan reads ` +
      '(CloudFormation takes templates of at most 1 MB)'
    );
  }
  return describeFsError(error);
}
