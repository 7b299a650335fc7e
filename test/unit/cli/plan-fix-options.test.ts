import { parsePlanFixOptions } from '../../../cli/plan-fix/options';
import { UsageError } from '../../../cli/errors';

const NETWORK = ['--subnets', 'subnet-12345678,subnet-87654321', '--security-groups', 'sg-12345678'];

describe('plan-fix options', () => {
  it('takes the model, the network and a default replacement name', () => {
    expect(parsePlanFixOptions(['--model', 'scorer', ...NETWORK, '--region', 'eu-west-1'])).toEqual({
      help: false,
      modelName: 'scorer',
      newName: 'scorer-vpc',
      network: {
        kind: 'given',
        subnets: ['subnet-12345678', 'subnet-87654321'],
        securityGroupIds: ['sg-12345678'],
      },
      enableNetworkIsolation: false,
      force: false,
      region: 'eu-west-1',
      rule: { raw: {}, parameters: { requireNetworkIsolation: false } },
    });
  });

  it('copies the network of a reference model with --from-model', () => {
    expect(
      parsePlanFixOptions([
        '--model',
        'a',
        '--from-model',
        'b',
        '--new-name',
        'c',
        '--out',
        'plan.json',
        '--enable-network-isolation',
      ]),
    ).toMatchObject({
      newName: 'c',
      enableNetworkIsolation: true,
      network: { kind: 'from-model', modelName: 'b' },
      out: { replacement: 'plan.json', backout: 'plan.backout.json' },
      force: false,
    });
  });

  it.each([
    [[...NETWORK], '--model is required'],
    [['--model', 'a'], 'the replacement needs --subnets and --security-groups (or --from-model)'],
    [
      ['--model', 'a', '--subnets', 'subnet-12345678'],
      'the replacement needs --subnets and --security-groups (or --from-model)',
    ],
    [
      ['--model', 'a', ...NETWORK, '--from-model', 'b'],
      'use either --subnets and --security-groups, or --from-model',
    ],
    [
      ['--model', 'a', '--subnets', 'subnet-xyz', '--security-groups', 'sg-12345678'],
      "--subnets: 'subnet-xyz' is not subnet- followed by 8 or 17 lowercase hex digits",
    ],
    [
      ['--model', 'a', '--subnets', 'subnet-12345678', '--security-groups', 'default'],
      "--security-groups: 'default' is not sg- followed by 8 or 17 lowercase hex digits",
    ],
    [
      [
        '--model',
        'a',
        '--subnets',
        'subnet-12345678',
        '--security-groups',
        'sg-10000000,sg-20000000,sg-30000000,sg-40000000,sg-50000000,sg-60000000',
      ],
      '--security-groups: SageMaker accepts at most 5, got 6',
    ],
    [
      ['--model', 'a', ...NETWORK, '--new-name', 'a'],
      '--new-name must differ from --model: VpcConfig cannot be changed in place',
    ],
    [
      ['--model', 'bad_name', ...NETWORK],
      "--model 'bad_name' is not a SageMaker model name (letters, digits and hyphens, at most 63, starting and ending with a letter or digit)",
    ],
    [
      ['--model', 'x'.repeat(60), ...NETWORK],
      `--new-name '${'x'.repeat(60)}-vpc' is not a SageMaker model name (letters, digits and hyphens, at most 63, starting and ending with a letter or digit)`,
    ],
    [['--model', 'a', ...NETWORK, '--out', ''], '--out is empty'],
    [['--model', 'a', ...NETWORK, '--force'], '--force only applies to --out'],
    [
      ['--model', 'a', ...NETWORK, '--region', 'eu-west-1; touch pwned'],
      "--region 'eu-west-1; touch pwned' is not a region name such as eu-west-1",
    ],
    [
      ['--model', 'a', ...NETWORK, '--subnet-ids', ''],
      '--subnet-ids is empty: leave the flag out to not use it',
    ],
  ])('rejects %j: %s', (args, message) => {
    expect(() => parsePlanFixOptions(args)).toThrow(new UsageError(message));
  });
});
