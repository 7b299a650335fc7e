import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { policyText, serviceControlPolicy } from '../../../policy/iam-policy';
import { parseRuleParameters } from '../../../evaluator/rule-parameters';
import { iamGrammarViolations } from '../../support/iam-policy';
import { PROJECT_ROOT as ROOT } from '../../support/project-root';

const PROCESS_TIMEOUT_MS = 90_000;

describe('sagemaker-model-vpc policy as a process', () => {
  it('writes the minified SCP to a pipe, ready for aws organizations create-policy --content', () => {
    const run = spawnSync(
      join(ROOT, 'node_modules', '.bin', 'tsx'),
      [
        'bin/sagemaker-model-vpc.ts',
        'policy',
        '--subnet-ids',
        'subnet-0123456789abcdef0',
        '--exempt-principal',
        'arn:aws:iam::*:role/break-glass',
      ],
      { cwd: ROOT, encoding: 'utf8', timeout: PROCESS_TIMEOUT_MS },
    );
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    const expected = serviceControlPolicy(parseRuleParameters({ subnetIds: 'subnet-0123456789abcdef0' }), {
      exemptPrincipalArns: ['arn:aws:iam::*:role/break-glass'],
    });
    expect(run.stdout).toBe(`${policyText(expected)}\n`);
    expect(iamGrammarViolations(run.stdout)).toEqual([]);
  });
});
