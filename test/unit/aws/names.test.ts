import { ACCOUNT_ID, LAMBDA_FUNCTION_ARN, PARTITION_NAME, REGION_NAME } from '../../../aws/names';
import { checkedRegionName } from '../../../cli/args';
import { parseAlarmTopicArn } from '../../../lib/alarms';

const REGIONS = [
  'eu-west-1',
  'ap-southeast-4',
  'cn-north-1',
  'us-gov-west-1',
  'us-isob-east-1',
  'eusc-de-east-1',
];

describe('AWS names, one definition for every front end', () => {
  it.each(REGIONS)('accepts the region %s in the CLI and in the CDK app alike', (region) => {
    expect(REGION_NAME.test(region)).toBe(true);
    expect(checkedRegionName('--region', region)).toBe(region);
    expect(parseAlarmTopicArn(`arn:aws:sns:${region}:123456789012:alarms`).region).toBe(region);
  });

  it.each(['eu-west-1a', 'EU-WEST-1', 'eu_west_1', 'global', 'eu-west', ''])(
    'refuses %j as a region',
    (value) => {
      expect(REGION_NAME.test(value)).toBe(false);
      expect(() => checkedRegionName('--region', value)).toThrow('is not a region name');
    },
  );

  it('knows partitions and account IDs', () => {
    for (const partition of ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso-b', 'aws-eusc'])
      expect(PARTITION_NAME.test(partition)).toBe(true);
    expect(PARTITION_NAME.test('azure')).toBe(false);
    expect(ACCOUNT_ID.test('123456789012')).toBe(true);
    expect(ACCOUNT_ID.test('12345678901')).toBe(false);
  });

  it('accepts function ARNs of every partition, with or without a qualifier', () => {
    expect(LAMBDA_FUNCTION_ARN.test('arn:aws-eusc:lambda:eusc-de-east-1:123456789012:function:rule')).toBe(
      true,
    );
    expect(LAMBDA_FUNCTION_ARN.test('arn:aws:lambda:eu-west-1:123456789012:function:rule:live')).toBe(true);
    expect(LAMBDA_FUNCTION_ARN.test('arn:aws:lambda:eu-west-1:123456789012:layer:rule')).toBe(false);
  });
});
