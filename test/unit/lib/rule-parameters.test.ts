import { Match } from 'aws-cdk-lib/assertions';
import { parseRuleParameters } from '../../../evaluator/rule-parameters';
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

  it('carry every parameter that is set, normalised as the Lambda reads it, under the names it reads', () => {
    const { template } = synthRuleStack({
      subnetIds: 'subnet-0123456789abcdef0, subnet-89abcdef',
      securityGroupIds: 'sg-0123456789abcdef0',
      requireNetworkIsolation: ' true ',
      exemptionTag: 'vpc-exempt = approved',
    });
    template.hasResourceProperties('AWS::Config::ConfigRule', {
      InputParameters: {
        subnetIds: 'subnet-0123456789abcdef0,subnet-89abcdef',
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
    { requireNetworkIsolation: 1 },
    { subnetIds: { id: 'subnet-89abcdef' } },
  ])('stop synth on %j with the message the Lambda would log', (raw) => {
    expect(() => synthRuleStack(raw)).toThrow(lambdaMessage(raw));
  });
});

describe('rule InputParameters from JSON values in cdk.json', () => {
  it('take a boolean and lists of IDs, passing them on in the string form AWS Config gives the Lambda', () => {
    const { template } = synthRuleStack({
      subnetIds: ['subnet-0123456789abcdef0', 'subnet-89abcdef'],
      securityGroupIds: ['sg-0123456789abcdef0'],
      requireNetworkIsolation: true,
    });
    template.hasResourceProperties('AWS::Config::ConfigRule', {
      InputParameters: Match.exact({
        subnetIds: 'subnet-0123456789abcdef0,subnet-89abcdef',
        securityGroupIds: 'sg-0123456789abcdef0',
        requireNetworkIsolation: 'true',
      }),
    });
  });

  it('pass a false switch on as "false", as given', () => {
    synthRuleStack({ requireNetworkIsolation: false }).template.hasResourceProperties(
      'AWS::Config::ConfigRule',
      { InputParameters: Match.exact({ requireNetworkIsolation: 'false' }) },
    );
  });

  it.each([
    [{ subnetIds: ['subnet-XYZ'] }, { subnetIds: 'subnet-XYZ' }],
    [{ securityGroupIds: ['sg-0123456789abcdef0', ''] }, { securityGroupIds: 'sg-0123456789abcdef0,' }],
    [{ subnetIds: true }, { subnetIds: 'true' }],
  ])('stop synth on %j with the message the Lambda gives for its string form', (json, text) => {
    expect(() => synthRuleStack(json)).toThrow(lambdaMessage(text));
  });
});
