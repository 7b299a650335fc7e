import { spawnSync } from 'node:child_process';
import { PROJECT_ROOT } from '../../support/project-root';

// Benchmarks are not tests; this only proves `npm run bench -- --quick` still runs end to end.
describe('npm run bench -- --quick', () => {
  it('runs every section and prints its tables', () => {
    const run = spawnSync('npm', ['run', '--silent', 'bench', '--', '--quick'], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      timeout: 240_000,
    });
    expect(run.stderr).not.toContain('bench failed');
    expect(run.status).toBe(0);
    for (const heading of [
      '### Cold start',
      '### Change-triggered evaluation',
      '### Periodic sweep',
      '### Monthly Lambda cost',
      '### Monthly AWS Config evaluations',
      '### Targets',
    ]) {
      expect(run.stdout).toContain(heading);
    }
    expect(run.stdout).toMatch(/\| every model judged \| 100\/100, 40\/40 \| yes \|/);
    expect(run.stdout).toMatch(/\| SageMaker calls per change event = 0 \| 0 \| yes \|/);
    expect(run.stdout).toMatch(
      /\| 1000 models, change notifications all lost: delta records ≥ 10 × fewer evaluations than full \| [\d.]+ × \| yes \|/,
    );
  }, 240_000);
});
