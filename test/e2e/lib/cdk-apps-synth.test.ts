import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../support/project-root';

/** Two CDK CLI runs at once, each compiling its app with tsx: tens of seconds on a busy machine. */
const SYNTH_TIMEOUT_MS = 240_000;

describe('cdk synth with SageMakerModelVpcChecks', () => {
  const root = PROJECT_ROOT;
  const bin = (tool: string): string => join(root, 'node_modules', '.bin', tool);
  let outdir: string;
  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'cdk-apps-'));
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  /** The real CDK CLI, without credentials: synth needs none, and a lookup must not wait on the network. */
  async function cdkSynth(app: string): Promise<{ exitCode: number; output: string }> {
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
    const args = [
      'synth',
      '--no-notices',
      '--app',
      `${bin('tsx')} test/fixtures/cdk-apps/${app}.ts`,
      '-o',
      join(outdir, app),
    ];
    try {
      const { stdout, stderr } = await promisify(execFile)(bin('cdk'), args, {
        cwd: root,
        env: { ...env, CI: 'true' },
        timeout: SYNTH_TIMEOUT_MS,
      });
      return { exitCode: 0, output: stdout + stderr };
    } catch (error) {
      const failure = error as { code: number; stdout: string; stderr: string };
      return { exitCode: failure.code, output: failure.stdout + failure.stderr };
    }
  }

  it(
    'fails for an app with a model outside a VPC and passes for one without',
    async () => {
      const [bad, good] = await Promise.all([cdkSynth('bad-app'), cdkSynth('good-app')]);
      expect(bad.exitCode).not.toBe(0);
      expect(bad.output).toContain(
        'SageMaker model ModelStack/PublicModel is not confined to a VPC: VpcConfig is absent',
      );
      expect(bad.output).not.toContain('ModelStack/PrivateModel is not confined');
      expect({ exitCode: good.exitCode, errors: good.output.match(/ERROR.*/g) }).toEqual({
        exitCode: 0,
        errors: null,
      });
    },
    SYNTH_TIMEOUT_MS,
  );
});
