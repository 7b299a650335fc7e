import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonReport } from '../../../cli/report/json';
import { MAX_YAML_TOKENS } from '../../../cli/scan/limits';
import { useScratchFolder } from '../../support/scratch-folder';
import { CLI_PROCESS_TIMEOUT_MS, runCli, type CliExit } from './cli-process';

/** Each test spawns the CLI once or twice; a hang is killed at CLI_PROCESS_TIMEOUT_MS and fails. */
const TEST_TIMEOUT_MS = 3 * CLI_PROCESS_TIMEOUT_MS;
const MODEL_WITHOUT_VPC = 'Resources:\n  Bare:\n    Type: AWS::SageMaker::Model\n';
const DEPTH = 100_000;

const scratch = useScratchFolder('scan-e2e-');
const write = scratch.write;

/** A JSON scan of one path on a 256 MB heap, as a small CI runner would give it. */
const scanOnSmallHeap = (path: string): Promise<CliExit> =>
  runCli(['scan', '--format', 'json', path], { env: { NODE_OPTIONS: '--max-old-space-size=256' } });

const verdicts = (report: JsonReport) =>
  report.findings.map((finding) => [finding.location, finding.compliance, finding.reasons]);

/** The run ended on its own, with an exit code of the CLI's, and printed a whole JSON report. */
function reportOf(exit: CliExit): JsonReport {
  expect(exit.signal).toBeNull();
  expect([0, 1, 2]).toContain(exit.code);
  expect(exit.stderr).not.toMatch(/FATAL|out of memory|\n\s+at /);
  return JSON.parse(exit.stdout) as JsonReport;
}

describe('scan as a process never aborts and never hangs', () => {
  it(
    'judges two 100,000-deep templates in one run: exit 2 and a report',
    async () => {
      const yaml = write('deep.yaml', `Resources:\n  X:\n    ${'- '.repeat(DEPTH)}x\n`);
      const json = write('deep.json', `{"Resources": ${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}}`);
      const exit = await runCli(['scan', '--format', 'json', yaml, json]);
      const report = reportOf(exit);
      expect(exit.code).toBe(2);
      expect(report.findings.map((finding) => [finding.location, finding.compliance])).toEqual([
        [yaml, 'ERROR'],
        [json, 'ERROR'],
      ]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'skips a large non-template JSON in a scanned folder with a note, and judges the rest',
    async () => {
      const big = write(
        'data/export.json',
        JSON.stringify({ rows: Array.from({ length: 400_000 }, (_, n) => n) }).repeat(3),
      );
      // Its escape could spell the model type, so it is parsed, up to the depth limit.
      const deep = write('data/deep.json', `["\\u00e9", ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}]`);
      const template = write('stack.yaml', MODEL_WITHOUT_VPC);
      const exit = await runCli(['scan', '--format', 'json', scratch.path]);
      const report = reportOf(exit);
      expect(exit.code).toBe(1);
      expect(report.findings.map((finding) => finding.location)).toEqual([template]);
      expect(report.warnings.map((warning) => warning.location)).toEqual([deep, big]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'scans, on a 256 MB heap, a folder with 4.9 MB of JSON Lines and 4.9 MB flow-sequence YAML files',
    async () => {
      const events = Array.from({ length: 70_000 }, (_, n) => `{"id": ${n}, "name": "event-${n}"}`);
      write('events.json', `${events.join('\n')}\n`.padEnd(4.9 * 1024 * 1024, ' '));
      // One spells the model type, so only the YAML size limit keeps it from the parser.
      const numbers = `[${'1,'.repeat(2_500_000)}1]`;
      const series = write('series.yaml', `# AWS::SageMaker::Model\nx: ${numbers}\n`);
      write('plain.yaml', `x: ${numbers}\n`);
      const template = write('stack.yaml', MODEL_WITHOUT_VPC);
      const exit = await scanOnSmallHeap(scratch.path);
      expect(exit.code).toBe(2);
      expect(verdicts(reportOf(exit))).toEqual([
        [
          series,
          'ERROR',
          [
            expect.stringMatching(
              /^not scanned: 4\.8 MB of YAML, more than the 1\.0 MB the scan parses as YAML/,
            ),
          ],
        ],
        [template, 'NON_COMPLIANT', ['VpcConfig is absent: the model is not in a VPC']],
      ]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'refuses, on a 256 MB heap, a 1 MB flow-sequence YAML named on the command line, naming the token limit',
    async () => {
      const series = write('series.yaml', `[${'a,'.repeat(500_000)}]`);
      const exit = await scanOnSmallHeap(series);
      expect(exit.code).toBe(2);
      expect(verdicts(reportOf(exit))).toEqual([
        [
          series,
          'ERROR',
          [
            `not scanned: it holds more than ${MAX_YAML_TOKENS} YAML tokens, which no template does (a 1 MB template holds about 90000)`,
          ],
        ],
      ]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'judges a folder in which a JSON file holds 150,000 duplicate keys and a YAML file 45,000, with capped warnings',
    async () => {
      // Within the YAML token limit, at four tokens a key.
      const yaml = write('many-keys.yaml', `${MODEL_WITHOUT_VPC}x: {${'a: 1, '.repeat(45_000)}a: 1}\n`);
      const json = write(
        'many-keys.json',
        `{"Resources": {"Bare": {"Type": "AWS::SageMaker::Model"}}, "x": {${'"a": 1, '.repeat(150_000)}"a": 1}}`,
      );
      const template = write('stack.yaml', MODEL_WITHOUT_VPC);
      const exit = await runCli(['scan', '--format', 'json', scratch.path]);
      const report = reportOf(exit);
      expect(exit.code).toBe(1);
      expect(report.findings.map((finding) => finding.location)).toEqual([json, yaml, template]);
      expect(report.warnings.filter((warning) => warning.location === yaml).at(-1)?.message).toBe(
        'and 44980 more duplicate keys, not listed',
      );
      expect(report.warnings.filter((warning) => warning.location === json)).toHaveLength(21);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'prints a table of two templates with 70,000 models each',
    async () => {
      const models = (prefix: string): string =>
        Array.from({ length: 70_000 }, (_, n) => `"${prefix}${n}": {"Type": "AWS::SageMaker::Model"}`).join(
          ',',
        );
      write('a.json', `{"Resources": {${models('A')}}}`);
      write('b.json', `{"Resources": {${models('B')}}}`);
      const exit = await runCli(['scan', '--format', 'table', scratch.path]);
      expect(exit.signal).toBeNull();
      expect(exit.code).toBe(1);
      expect(exit.stdout).toContain('140000 models: 140000 non-compliant');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'refuses a FIFO, named or found in a folder, and /dev/urandom, without waiting for a writer',
    async () => {
      const fifo = join(scratch.path, 'pipe.yaml');
      execFileSync('mkfifo', [fifo]);
      write('stack.yaml', MODEL_WITHOUT_VPC);

      const walked = await runCli(['scan', '--format', 'json', scratch.path]);
      expect(walked.code).toBe(1);
      expect(reportOf(walked).warnings).toEqual([
        { location: fifo, message: 'skipped: a FIFO, not a regular file' },
      ]);

      const named = await runCli(['scan', '--format', 'json', fifo, '/dev/urandom']);
      expect(named.code).toBe(2);
      expect(reportOf(named).findings.map((finding) => finding.reasons)).toEqual([
        ['cannot read: a FIFO, not a regular file'],
        ['cannot read: a character device, not a regular file'],
      ]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'scans a template reached through a symbolic link, and says so in the table',
    async () => {
      const target = write('shared/model.yaml', MODEL_WITHOUT_VPC);
      mkdirSync(join(scratch.path, 'project'));
      symlinkSync(target, join(scratch.path, 'project', 'model.yaml'));
      const exit = await runCli(['scan', '--format', 'table', join(scratch.path, 'project')]);
      expect(exit.signal).toBeNull();
      expect(exit.code).toBe(1);
      expect(exit.stdout).toContain(`${join(scratch.path, 'project', 'model.yaml')}:2  Bare`);
    },
    TEST_TIMEOUT_MS,
  );
});
