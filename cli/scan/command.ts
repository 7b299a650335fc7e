import { readFile } from 'node:fs/promises';
import type { RuleParameters } from '../../lambda/rule-parameters';
import type { CliIo } from '../io';
import { exitCodeFor } from '../report/exit-code';
import { errorFinding, type Finding } from '../report/finding';
import { formatReport } from '../report/format';
import { describeFsError, discoverTemplates } from './discover';
import { parseScanOptions, SCAN_HELP } from './options';
import { scanTemplate, WHOLE_FILE } from './scan-template';

/** `sagemaker-model-vpc scan`: returns the exit code instead of exiting, so tests can run it in-process. */
export async function runScanCommand(args: readonly string[], io: CliIo): Promise<number> {
  const options = parseScanOptions(args, io);
  if (options.help) {
    io.stdout(SCAN_HELP);
    return 0;
  }
  const findings = await scanPaths(options.paths, options.rule.parameters);
  reportErrorsOnStderr(findings, io);
  io.stdout(
    formatReport(findings, options.format, {
      command: 'scan',
      parameters: options.rule.raw,
      scope: options.paths,
      generatedAt: new Date(),
    }),
  );
  return exitCodeFor(findings);
}

async function scanPaths(paths: readonly string[], parameters: RuleParameters): Promise<Finding[]> {
  const discovery = await discoverTemplates(paths);
  const findings = discovery.unreadable.map(({ path, problem }) =>
    errorFinding({ location: path, resource: WHOLE_FILE }, `cannot read: ${problem}`),
  );
  for (const candidate of discovery.candidates) {
    let text: string;
    try {
      text = await readFile(candidate.path, 'utf8');
    } catch (error) {
      findings.push(
        errorFinding(
          { location: candidate.path, resource: WHOLE_FILE },
          `cannot read: ${describeFsError(error)}`,
        ),
      );
      continue;
    }
    findings.push(...scanTemplate(candidate.path, text, parameters, candidate.mustBeTemplate));
  }
  return findings;
}

/** Whatever the format, someone reading the terminal learns the scan is incomplete. */
function reportErrorsOnStderr(findings: readonly Finding[], io: CliIo): void {
  for (const finding of findings.filter((candidate) => candidate.compliance === 'ERROR')) {
    const where = finding.line === undefined ? finding.location : `${finding.location}:${finding.line}`;
    const what = finding.resource === WHOLE_FILE ? where : `${where} ${finding.resource}`;
    io.stderr(`error: ${what}: ${finding.reasons.join('; ')}\n`);
  }
}
