import { main, MAIN_HELP } from '../../../cli/main';
import { POLICY_HELP } from '../../../cli/policy/options';
import { permissionsBoundaryPolicy, policyText, serviceControlPolicy } from '../../../policy/iam-policy';
import { parseRuleParameters } from '../../../evaluator/rule-parameters';
import { iamGrammarViolations } from '../../support/iam-policy';
import { captureIo } from './capture-io';

const SUBNET = 'subnet-0123456789abcdef0';
const SG = 'sg-0123456789abcdef0';

async function run(argv: string[], terminal = false) {
  const captured = captureIo({ stdout: terminal });
  const code = await main(['policy', ...argv], captured.io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

describe('sagemaker-model-vpc policy', () => {
  it('is listed in the main help and has its own', async () => {
    expect(MAIN_HELP).toMatch(
      /^ {2}policy {5}print the rule's parameters as an SCP or permissions boundary/m,
    );
    expect(await run(['--help'])).toEqual({ code: 0, stdout: POLICY_HELP, stderr: '' });
  });

  it('prints the SCP for the same rule-parameter flags as the other commands, minified when piped', async () => {
    const { code, stdout, stderr } = await run([
      '--subnet-ids',
      SUBNET,
      '--security-group-ids',
      SG,
      '--require-network-isolation',
      '--exemption-tag',
      'vpc-exempt=approved',
      '--exempt-principal',
      'arn:aws:iam::*:role/break-glass',
      '--exempt-principal',
      'arn:aws:iam::123456789012:role/platform-*',
    ]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const parameters = parseRuleParameters({
      subnetIds: SUBNET,
      securityGroupIds: SG,
      requireNetworkIsolation: 'true',
      exemptionTag: 'vpc-exempt=approved',
    });
    const expected = serviceControlPolicy(parameters, {
      exemptPrincipalArns: ['arn:aws:iam::*:role/break-glass', 'arn:aws:iam::123456789012:role/platform-*'],
    });
    expect(stdout).toBe(`${policyText(expected)}\n`);
    expect(iamGrammarViolations(stdout)).toEqual([]);
  });

  it('indents the policy for a reader at a terminal', async () => {
    const { stdout } = await run(['--format', 'scp'], true);
    expect(stdout).toBe(`${JSON.stringify(JSON.parse(stdout), null, 2)}\n`);
    expect(stdout.split('\n').length).toBeGreaterThan(10);
  });

  it('escapes, at a terminal, characters in a tag value that the terminal would act on', async () => {
    const { code, stdout } = await run(['--exemption-tag', 'vpc-exempt=ok\u202e\u001b[2J'], true);
    expect(code).toBe(0);
    expect(stdout).not.toMatch(/[\u202e\u001b]/);
    expect(stdout).toContain('ok\\u202e\\u001b[2J');
  });

  it('prints the permissions boundary with --format boundary', async () => {
    const { code, stdout } = await run(['--format', 'boundary', '--subnet-ids', SUBNET]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(permissionsBoundaryPolicy(parseRuleParameters({ subnetIds: SUBNET })));
  });

  it.each<[string[], string]>([
    [['--format', 'json'], "error: --format 'json' is not one of scp, boundary\n"],
    [
      ['--subnet-ids', 'subnet-public'],
      "error: Invalid rule parameter subnetIds: 'subnet-public' is not subnet- followed by 8 or 17 lowercase hex digits (from --subnet-ids)\n",
    ],
    [['--exempt-principal', ''], 'error: --exempt-principal is empty: leave the flag out to not use it\n'],
    [
      ['--exempt-principal', 'break-glass'],
      "error: exempt principal 'break-glass' is not an IAM principal ARN pattern such as arn:aws:iam::123456789012:role/break-glass (wildcards * and ? allowed)\n",
    ],
    [
      ['--format', 'boundary', '--exempt-principal', 'arn:aws:iam::*:role/x'],
      'error: exempt principals apply only to the SCP: a permissions boundary binds only the principals it is attached to, so leave it off the principals to exempt\n',
    ],
    [
      ['--exemption-tag', 'vpc-exempt='],
      "error: the exemption tag 'vpc-exempt=' exempts only a model whose vpc-exempt tag is empty, and IAM documents no empty condition value to match that with: give the tag a value (vpc-exempt=approved), or name the key alone (vpc-exempt) to exempt any value\n",
    ],
    [
      ['scp'],
      "error: Unexpected argument 'scp'. This command does not take positional arguments. Run 'sagemaker-model-vpc policy --help' for usage.\n",
    ],
  ])('refuses %p with one line on stderr and exit code 2', async (argv, stderr) => {
    expect(await run(argv)).toEqual({ code: 2, stdout: '', stderr });
  });

  it('refuses an allow-list too long for an SCP, naming the size and the limit', async () => {
    const subnets = Array.from(
      { length: 200 },
      (_, index) => `subnet-${index.toString(16).padStart(17, '0')}`,
    );
    const { code, stdout, stderr } = await run(['--subnet-ids', subnets.join(',')]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toMatch(
      /^error: The service control policy is \d+ bytes, over the 5120 bytes AWS accepts/,
    );
  });
});
