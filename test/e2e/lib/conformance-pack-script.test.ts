import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../support/project-root';

const FUNCTION_ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:SageMakerModelVpcRule-Function';
/** tsx compiles the script on start: seconds on a busy machine. */
const SCRIPT_TIMEOUT_MS = 120_000;

describe('npm run conformance-pack, as a process', () => {
  it(
    'writes only the template to stdout, and a usage error to stderr with exit code 2',
    () => {
      const run = (args: string[]) =>
        spawnSync(
          process.execPath,
          [require.resolve('tsx/cli'), path.join('scripts', 'conformance-pack.ts'), ...args],
          { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: SCRIPT_TIMEOUT_MS },
        );
      const ok = run(['--function-arn', FUNCTION_ARN]);
      expect(ok.status).toBe(0);
      expect(parse(ok.stdout)).toEqual(expect.objectContaining({ Resources: expect.any(Object) }));
      const bad = run(['--subnet-ids', 'subnet-123']);
      expect(bad.status).toBe(2);
      expect(bad.stdout).toBe('');
      expect(bad.stderr).toContain(
        "Invalid rule parameter subnetIds: 'subnet-123' is not subnet- followed by 8 or 17 lowercase hex digits (from --subnet-ids)",
      );
    },
    2 * SCRIPT_TIMEOUT_MS,
  );
});
