import { hookSettingsFromEnvironment } from '../../../hook/settings';
import { DEFAULT_RULE_PARAMETERS } from '../../../evaluator/rule-parameters';

describe('hookSettingsFromEnvironment', () => {
  it('defaults to WARN and the default rule parameters', () => {
    expect(hookSettingsFromEnvironment({})).toEqual({
      failureMode: 'WARN',
      parameters: DEFAULT_RULE_PARAMETERS,
    });
  });

  it('reads the rule parameters in the JSON form AWS Config passes a rule', () => {
    const settings = hookSettingsFromEnvironment({
      HOOK_FAILURE_MODE: 'FAIL',
      RULE_PARAMETERS: '{"securityGroupIds":"sg-0123456789abcdef0","requireNetworkIsolation":"true"}',
    });
    expect(settings).toEqual({
      failureMode: 'FAIL',
      parameters: {
        allowedSecurityGroupIds: new Set(['sg-0123456789abcdef0']),
        requireNetworkIsolation: true,
      },
    });
  });

  it.each([
    [
      '{"subnetIds":"subnet-public"}',
      "RULE_PARAMETERS: Invalid rule parameter subnetIds: 'subnet-public' is not",
    ],
    ['{"subnetIds":', 'RULE_PARAMETERS: Invalid rule parameter ruleParameters: not valid JSON'],
    ['["subnet-0123abcd"]', 'RULE_PARAMETERS: Invalid rule parameter ruleParameters: expected a JSON object'],
  ])('reports the problem with RULE_PARAMETERS %p, keeping the failure mode', (json, problem) => {
    const settings = hookSettingsFromEnvironment({ RULE_PARAMETERS: json, HOOK_FAILURE_MODE: 'FAIL' });
    expect(settings).toEqual({ failureMode: 'FAIL', problem: expect.stringContaining(problem) });
  });

  it('reports an unknown failure mode, answering with the default meanwhile', () => {
    expect(hookSettingsFromEnvironment({ HOOK_FAILURE_MODE: 'fail' })).toEqual({
      failureMode: 'WARN',
      problem: "HOOK_FAILURE_MODE 'fail' is not one of WARN, FAIL",
    });
  });
});
