import { spawn, type StdioOptions } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../support/project-root';

/** tsx compiles the CLI on start: seconds on a busy 2-core machine. */
export const CLI_PROCESS_TIMEOUT_MS = 120_000;

export interface CliExit {
  readonly code: number | null;
  /** Set when the process was killed, e.g. at the timeout. */
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliRun {
  readonly stdio?: StdioOptions;
  /** Closes the reading end of stdout before the CLI writes, as `| head` does once it has read enough. */
  readonly closeStdout?: boolean;
  readonly timeoutMs?: number;
  /** Added to the test's environment, e.g. NODE_OPTIONS to run under a small heap. */
  readonly env?: NodeJS.ProcessEnv;
}

/** Runs the real executable; a run that outlives its timeout is killed, so a hang fails the test. */
export function runCli(args: readonly string[], run: CliRun = {}): Promise<CliExit> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'),
      ['bin/sagemaker-model-vpc.ts', ...args],
      {
        cwd: PROJECT_ROOT,
        ...(run.env && { env: { ...process.env, ...run.env } }),
        stdio: run.stdio ?? ['ignore', 'pipe', 'pipe'],
        timeout: run.timeoutMs ?? CLI_PROCESS_TIMEOUT_MS,
        killSignal: 'SIGKILL',
      },
    );
    if (run.closeStdout) child.stdout?.destroy();
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
