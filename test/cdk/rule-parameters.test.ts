import { Match } from 'aws-cdk-lib/assertions';
import { parseRuleParameters } from '../../lambda/rule-parameters';
import { synthRuleStack } from './synth';

/** The message the Lambda gives for the same raw parameters. */
function lambdaMessage(raw: Record<string, unknown>): string {
  try {
    parseRuleParameters(raw);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`the Lambda accepts ${JSON.stringify(raw)}`);
}

describe('rule InputParameters from CDK context', () => {
  it('are left out entirely when none is set', () => {
    synthRuleStack().template.hasResourceProperties('AWS::Config::ConfigRule', {
      InputParameters: Match.absent(),
    });
  });

  it('carry every parameter that is set, trimmed, under the names the Lambda reads', () => {
    const { template } = synthRuleStack({
      subnetIds: 'subnet-0123456789abcdef0, subnet-89abcdef',
      securityGroupIds: 'sg-0123456789abcdef0',
      requireNetworkIsolation: ' true ',
      exemptionTag: 'vpc-exempt=approved',
    });
    template.hasResourceProperties('AWS::Config::ConfigRule', {
      InputParameters: {
        subnetIds: 'subnet-0123456789abcdef0, subnet-89abcdef',
        securityGroupIds: 'sg-0123456789abcdef0',
        requireNetworkIsolation: 'true',
        exemptionTag: 'vpc-exempt=approved',
      },
    });
  });

  it('leave out parameters that are unset or blank', () => {
    const { template } = synthRuleStack({ subnetIds: 'subnet-89abcdef', exemptionTag: '   ' });
    template.hasResourceProperties('AWS::Config::ConfigRule', {
      InputParameters: Match.exact({ subnetIds: 'subnet-89abcdef' }),
    });
  });

  it.each([
    { subnetIds: 'subnet-XYZ' },
    { subnetIds: 'subnet-89abcdef,' },
    { securityGroupIds: 'subnet-89abcdef' },
    { requireNetworkIsolation: 'yes' },
    { exemptionTag: '=value' },
    { requireNetworkIsolation: true },
  ])('stop synth on %j with the message the Lambda would log', (raw) => {
    expect(() => synthRuleStack(raw)).toThrow(lambdaMessage(raw));
  });
});
