import { join } from 'node:path';
import { main } from '../../../cli/main';
import type { Finding } from '../../../cli/report/finding';
import type { JsonReport } from '../../../cli/report/json';
import type { ReportWarning } from '../../../cli/report/report-meta';
import { PROJECT_ROOT } from '../../support/project-root';
import { captureIo } from './capture-io';

export const TEMPLATES = join(PROJECT_ROOT, 'test', 'fixtures', 'templates');
export const template = (name: string): string => join(TEMPLATES, name);

export interface ScanResult {
  readonly exitCode: number;
  readonly findings: readonly Finding[];
  readonly warnings: readonly ReportWarning[];
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `sagemaker-model-vpc scan` in-process, with JSON output unless a format is given. */
export async function scan(...args: string[]): Promise<ScanResult> {
  const captured = captureIo();
  const withFormat = args.includes('--format') ? args : ['--format', 'json', ...args];
  const exitCode = await main(['scan', ...withFormat], captured.io);
  const stdout = captured.stdout();
  const report =
    withFormat.includes('json') && stdout !== '' ? (JSON.parse(stdout) as JsonReport) : undefined;
  return {
    exitCode,
    findings: report?.findings ?? [],
    warnings: report?.warnings ?? [],
    stdout,
    stderr: captured.stderr(),
  };
}

export async function onlyFinding(...args: string[]): Promise<Finding> {
  const { findings } = await scan(...args);
  expect(findings).toHaveLength(1);
  return findings[0] as Finding;
}
