import { spawn, type StdioOptions } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT as ROOT } from '../../support/project-root';

const TEMPLATES = join(ROOT, 'test', 'fixtures', 'templates');

interface Exit {
  readonly code: number | null;
  readonly stderr: string;
}

/**
 * Runs the real executable. `closeStdout` closes the reading end of its stdout before it writes, as
 * `| head` does once it has read enough.
 */
function runBin(args: readonly string[], stdio: StdioOptions, closeStdout = false): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['bin/sagemaker-model-vpc.ts', ...args], {
      cwd: ROOT,
      stdio,
    });
    if (closeStdout) child.stdout?.destroy();
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('the executable as a process', () => {
  it.each([
    ['compliant.json', 0],
    ['no-vpc-config.json', 1],
  ])('keeps the verdict of %s (exit %d) when the reader of stdout has gone', async (name, expected) => {
    const exit = await runBin(
      ['scan', '--format', 'json', join(TEMPLATES, name)],
      ['ignore', 'pipe', 'pipe'],
      true,
    );
    expect(exit).toEqual({ code: expected, stderr: '' });
  });

  it('exits 2, not 1 (non-compliant), with one line on stderr when stdout cannot be written', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'process-exit-'));
    const readOnly = join(directory, 'read-only');
    writeFileSync(readOnly, '');
    const fd = openSync(readOnly, 'r');
    try {
      const exit = await runBin(['--help'], ['ignore', fd, 'pipe']);
      expect(exit).toEqual({ code: 2, stderr: 'error: cannot write to stdout (Error EBADF)\n' });
    } finally {
      closeSync(fd);
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
