import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT as ROOT } from '../../support/project-root';
import { runCli } from './cli-process';

const TEMPLATES = join(ROOT, 'test', 'fixtures', 'templates');

describe('the executable as a process', () => {
  it.each([
    ['compliant.json', 0],
    ['no-vpc-config.json', 1],
  ])('keeps the verdict of %s (exit %d) when the reader of stdout has gone', async (name, expected) => {
    const exit = await runCli(['scan', '--format', 'json', join(TEMPLATES, name)], { closeStdout: true });
    expect(exit).toMatchObject({ code: expected, stderr: '' });
  });

  it('exits 2, not 1 (non-compliant), with one line on stderr when stdout cannot be written', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'process-exit-'));
    const readOnly = join(directory, 'read-only');
    writeFileSync(readOnly, '');
    const fd = openSync(readOnly, 'r');
    try {
      const exit = await runCli(['--help'], { stdio: ['ignore', fd, 'pipe'] });
      expect(exit).toMatchObject({ code: 2, stderr: 'error: cannot write to stdout (Error EBADF)\n' });
    } finally {
      closeSync(fd);
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
