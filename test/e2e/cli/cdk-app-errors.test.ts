import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../support/project-root';

/** The CDK CLI starts tsx, which compiles the app: tens of seconds on a busy 2-core machine. */
const SYNTH_TIMEOUT_MS = 180_000;
const MESSAGE =
  "error: Invalid rule parameter subnetIds: 'subnet-123' is not subnet- followed by 8 or 17 lowercase hex digits";

let outdir: string;
beforeEach(() => {
  outdir = mkdtempSync(join(tmpdir(), 'cdk-app-errors-'));
});
afterEach(() => rmSync(outdir, { recursive: true, force: true }));

describe('the CDK app entry on bad input', () => {
  it(
    'cdk synth -c subnetIds=subnet-123 prints only the message, without a stack trace, and fails',
    () => {
      const synth = spawnSync(
        join(PROJECT_ROOT, 'node_modules', '.bin', 'cdk'),
        ['synth', '--quiet', '--no-notices', '-o', outdir, '-c', 'subnetIds=subnet-123'],
        {
          cwd: PROJECT_ROOT,
          encoding: 'utf8',
          timeout: SYNTH_TIMEOUT_MS,
          env: { ...process.env, CI: 'true' },
        },
      );
      expect(synth.signal).toBeNull();
      expect(synth.status).not.toBe(0);
      expect(synth.stderr).toContain(`${MESSAGE}\n`);
      expect(synth.stderr).not.toMatch(/^\s+at /m);
      expect(synth.stderr).not.toContain('InvalidRuleParameterError');
    },
    SYNTH_TIMEOUT_MS + 30_000,
  );

  it(
    'keeps the stack trace under cdk --debug (CDK_DEBUG=true)',
    () => {
      const app = spawnSync(join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), ['bin/app.ts'], {
        cwd: PROJECT_ROOT,
        encoding: 'utf8',
        timeout: SYNTH_TIMEOUT_MS,
        env: {
          ...process.env,
          CDK_OUTDIR: outdir,
          CDK_CONTEXT_JSON: JSON.stringify({ subnetIds: 'subnet-123' }),
          CDK_DEBUG: 'true',
        },
      });
      expect(app.status).toBe(1);
      expect(app.stderr.startsWith(`${MESSAGE}\n`)).toBe(true);
      expect(app.stderr).toMatch(/^\s+at .*rule-parameters/m);
    },
    SYNTH_TIMEOUT_MS + 30_000,
  );
});
