import {
  DEFAULT_RULE_PARAMETERS,
  InvalidRuleParameterError,
  parseRuleParameters,
  parseRuleParametersJson,
} from '../../../evaluator/rule-parameters';

describe('parseRuleParametersJson', () => {
  it.each([undefined, '', '  ', '{}'])('gives the defaults for %p', (json) => {
    expect(parseRuleParametersJson(json)).toEqual(DEFAULT_RULE_PARAMETERS);
  });

  it('parses every parameter', () => {
    const parameters = parseRuleParametersJson(
      JSON.stringify({
        subnetIds: ' subnet-1a2b3c4d ,subnet-0a1b2c3d4e5f60718',
        securityGroupIds: 'sg-0123456789abcdef0',
        requireNetworkIsolation: 'TRUE',
        exemptionTag: 'vpc-exempt = approved',
      }),
    );
    expect(parameters).toEqual({
      allowedSubnetIds: new Set(['subnet-1a2b3c4d', 'subnet-0a1b2c3d4e5f60718']),
      allowedSecurityGroupIds: new Set(['sg-0123456789abcdef0']),
      requireNetworkIsolation: true,
      exemptionTag: { key: 'vpc-exempt', value: 'approved' },
    });
  });

  it('treats a blank parameter as unset, as the Config console leaves it', () => {
    expect(parseRuleParametersJson('{"subnetIds":"  ","exemptionTag":""}')).toEqual(DEFAULT_RULE_PARAMETERS);
  });

  it('keeps everything after the first = as the tag value', () => {
    expect(parseRuleParametersJson('{"exemptionTag":"approval=a=b"}').exemptionTag).toEqual({
      key: 'approval',
      value: 'a=b',
    });
  });

  it.each<[string, string, RegExp]>([
    ['{subnetIds: x}', 'ruleParameters', /ruleParameters: not valid JSON \(at character 1\)$/],
    ['["subnetIds"]', 'ruleParameters', /expected a JSON object/],
    ['"text"', 'ruleParameters', /expected a JSON object/],
    ['{"requireNetworkIsolation":"maybe"}', 'requireNetworkIsolation', /'maybe' is neither true nor false/],
    [
      '{"subnetIds":"subnet-1a2b3c4d,subnet-public"}',
      'subnetIds',
      /'subnet-public' is not subnet- followed by/,
    ],
    ['{"subnetIds":"subnet-1a2b3c4d,,subnet-2a2b3c4d"}', 'subnetIds', /entry 2 is empty/],
    ['{"securityGroupIds":"default"}', 'securityGroupIds', /'default' is not sg- followed by/],
    ['{"securityGroupIds":"subnet-1a2b3c4d"}', 'securityGroupIds', /is not sg- followed by/],
    ['{"exemptionTag":"=yes"}', 'exemptionTag', /empty tag key/],
    ['{"subnetId":"subnet-1a2b3c4d"}', 'subnetId', /unknown parameter; expected one of subnetIds/],
    ['{"requireNetworkIsolation":true}', 'requireNetworkIsolation', /expected a string, got boolean/],
  ])('rejects %s, naming %s', (json, parameter, message) => {
    let thrown: unknown;
    try {
      parseRuleParametersJson(json);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidRuleParameterError);
    expect((thrown as InvalidRuleParameterError).parameter).toBe(parameter);
    expect((thrown as Error).message).toMatch(new RegExp(`^Invalid rule parameter ${parameter}: `));
    expect((thrown as Error).message).toMatch(message);
  });

  it('rejects over-long tag keys and values', () => {
    expect(() => parseRuleParameters({ exemptionTag: 'k'.repeat(129) })).toThrow(/longer than 128/);
    expect(() => parseRuleParameters({ exemptionTag: `k=${'v'.repeat(257)}` })).toThrow(/longer than 256/);
  });

  it('rejects a tag key AWS would not allow on a model, which would exempt nothing', () => {
    expect(() => parseRuleParameters({ exemptionTag: 'vpc*exempt=yes' })).toThrow(
      "Invalid rule parameter exemptionTag: the tag key 'vpc*exempt' has characters AWS does not allow in a tag key",
    );
    expect(parseRuleParameters({ exemptionTag: 'aws:team/ml.é_1 +@=x' }).exemptionTag).toEqual({
      key: 'aws:team/ml.é_1 +@',
      value: 'x',
    });
  });
});
