import { parseAuditOptions } from '../../../cli/audit/options';
import { UsageError } from '../../../cli/errors';
import { captureIo } from './capture-io';

const piped = captureIo().io;
const terminal = captureIo({ stdout: true }).io;

describe('audit options', () => {
  it('builds the rule parameters AWS Config would pass, validated by the Lambda parser', () => {
    const options = parseAuditOptions(
      [
        '--region',
        'eu-west-1,us-east-1',
        '--region',
        'eu-west-1',
        '--subnet-ids',
        'subnet-12345678',
        '--subnet-ids',
        'subnet-0123456789abcdef0',
        '--security-group-ids',
        'sg-12345678',
        '--require-network-isolation',
        '--exemption-tag',
        'vpc-exempt=yes',
        '--profile',
        'audit',
        '--format',
        'sarif',
      ],
      piped,
    );
    expect(options).toEqual({
      help: false,
      regions: { kind: 'listed', regions: ['eu-west-1', 'us-east-1'] },
      profile: 'audit',
      format: 'sarif',
      rule: {
        raw: {
          subnetIds: 'subnet-12345678,subnet-0123456789abcdef0',
          securityGroupIds: 'sg-12345678',
          requireNetworkIsolation: 'true',
          exemptionTag: 'vpc-exempt=yes',
        },
        parameters: {
          allowedSubnetIds: new Set(['subnet-12345678', 'subnet-0123456789abcdef0']),
          allowedSecurityGroupIds: new Set(['sg-12345678']),
          requireNetworkIsolation: true,
          exemptionTag: { key: 'vpc-exempt', value: 'yes' },
        },
      },
    });
  });

  it('defaults to the credential chain region, and to a table only on a terminal', () => {
    expect(parseAuditOptions([], terminal)).toMatchObject({ regions: { kind: 'default' }, format: 'table' });
    expect(parseAuditOptions([], piped)).toMatchObject({ format: 'json', rule: { raw: {} } });
    expect(parseAuditOptions(['--all-regions'], piped)).toMatchObject({ regions: { kind: 'all-enabled' } });
    expect(parseAuditOptions(['-h'], piped)).toEqual({ help: true });
  });

  it.each([
    [['--bogus'], "Unknown option '--bogus'. Run 'sagemaker-model-vpc audit --help' for usage."],
    [
      ['stray'],
      "Unexpected argument 'stray'. This command does not take positional arguments. Run 'sagemaker-model-vpc audit --help' for usage.",
    ],
    [
      ['--region'],
      "Option '--region <value>' argument missing. Run 'sagemaker-model-vpc audit --help' for usage.",
    ],
    [['--region', 'eu-west-1', '--all-regions'], '--region and --all-regions cannot be used together'],
    [['--region', 'Ireland'], "--region 'Ireland' is not a region name such as eu-west-1"],
    [['--format', 'xml'], "--format 'xml' is not one of table, json, csv, junit, sarif"],
    [['--profile', ' '], '--profile is empty'],
    [
      ['--subnet-ids', 'subnet-123'],
      "Invalid rule parameter subnetIds: 'subnet-123' is not subnet- followed by 8 or 17 lowercase hex digits (from --subnet-ids)",
    ],
    [['--subnet-ids', ''], '--subnet-ids is empty: leave the flag out to not use it'],
    [
      ['--subnet-ids', 'subnet-12345678', '--subnet-ids', ' '],
      '--subnet-ids is empty: leave the flag out to not use it',
    ],
    [['--security-group-ids', ''], '--security-group-ids is empty: leave the flag out to not use it'],
    [['--exemption-tag', ''], '--exemption-tag is empty: leave the flag out to not use it'],
    [
      ['--exemption-tag', '=x'],
      "Invalid rule parameter exemptionTag: '=x' has an empty tag key; expected key or key=value (from --exemption-tag)",
    ],
  ])('rejects %j: %s', (args, message) => {
    expect(() => parseAuditOptions(args, piped)).toThrow(new UsageError(message));
  });
});
