import { MaximumExecutionFrequency } from 'aws-cdk-lib/aws-config';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { parse } from 'yaml';
import {
  conformancePackTemplate,
  FUNCTION_ARN_PARAMETER,
  PACK_RULE_LOGICAL_ID,
} from '../../../lib/conformance-pack';
import { renderConformancePack } from '../../../scripts/conformance-pack';
import { expectedSourceDetails, onlyLogicalId, synthRuleStack } from './synth';

const FUNCTION_ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:SageMakerModelVpcRule-Function';
const SUBNET = 'subnet-0123456789abcdef0';

type PackTemplate = {
  Parameters: Record<string, { Type: string; Default?: string }>;
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
};

const packRule = (template: PackTemplate) => template.Resources[PACK_RULE_LOGICAL_ID]?.Properties;

describe('the conformance pack template', () => {
  it('holds the custom Lambda rule, its function ARN taken from a pack parameter', () => {
    const template = conformancePackTemplate({
      ruleName: 'sagemaker-model-vpc-configured',
      maximumExecutionFrequency: MaximumExecutionFrequency.TWELVE_HOURS,
      inputParameters: {},
      functionArn: FUNCTION_ARN,
    }) as PackTemplate;
    expect(template.Parameters).toEqual({
      [FUNCTION_ARN_PARAMETER]: expect.objectContaining({ Type: 'String', Default: FUNCTION_ARN }),
    });
    expect(template.Resources[PACK_RULE_LOGICAL_ID]?.Type).toBe('AWS::Config::ConfigRule');
    expect(packRule(template)).toEqual({
      ConfigRuleName: 'sagemaker-model-vpc-configured',
      Description: expect.any(String),
      Scope: { ComplianceResourceTypes: ['AWS::SageMaker::Model'] },
      Source: {
        Owner: 'CUSTOM_LAMBDA',
        SourceIdentifier: { Ref: FUNCTION_ARN_PARAMETER },
        SourceDetails: expectedSourceDetails('Twelve_Hours'),
      },
    });
  });

  it('turns each set rule parameter into a pack parameter defaulting to its value, and leaves unset ones out', () => {
    const template = conformancePackTemplate({
      ruleName: 'r',
      maximumExecutionFrequency: MaximumExecutionFrequency.TWENTY_FOUR_HOURS,
      inputParameters: { subnetIds: SUBNET, requireNetworkIsolation: 'true' },
    }) as PackTemplate;
    expect(template.Parameters).toEqual({
      [FUNCTION_ARN_PARAMETER]: { Type: 'String', Description: expect.any(String) },
      SubnetIds: { Type: 'String', Default: SUBNET },
      RequireNetworkIsolation: { Type: 'String', Default: 'true' },
    });
    expect(packRule(template)?.InputParameters).toEqual({
      subnetIds: { Ref: 'SubnetIds' },
      requireNetworkIsolation: { Ref: 'RequireNetworkIsolation' },
    });
  });

  it('rejects a function ARN that is not a Lambda function ARN', () => {
    expect(() =>
      conformancePackTemplate({
        ruleName: 'r',
        maximumExecutionFrequency: MaximumExecutionFrequency.ONE_HOUR,
        inputParameters: {},
        functionArn: 'arn:aws:sqs:eu-west-1:123456789012:queue',
      }),
    ).toThrow("'arn:aws:sqs:eu-west-1:123456789012:queue' is not a Lambda function ARN");
  });
});

describe('npm run conformance-pack', () => {
  it('prints YAML for the flags given, validating rule parameters like the Lambda', () => {
    const yaml = renderConformancePack([
      '--function-arn',
      FUNCTION_ARN,
      '--subnet-ids',
      SUBNET,
      '--exemption-tag',
      'vpc-exempt',
      '--maximum-execution-frequency',
      'Three_Hours',
      '--rule-name',
      'models-in-vpc',
    ]);
    const template = parse(yaml) as PackTemplate;
    expect(template.Parameters[FUNCTION_ARN_PARAMETER]?.Default).toBe(FUNCTION_ARN);
    expect(packRule(template)).toMatchObject({
      ConfigRuleName: 'models-in-vpc',
      InputParameters: { subnetIds: { Ref: 'SubnetIds' }, exemptionTag: { Ref: 'ExemptionTag' } },
    });
    expect(JSON.stringify(packRule(template))).toContain('Three_Hours');
  });

  it('takes --require-network-isolation as a switch, the same flags as the CLI', () => {
    const inputs = (argv: string[]) =>
      packRule(parse(renderConformancePack(argv)) as PackTemplate)?.InputParameters ?? {};
    expect(inputs(['--require-network-isolation'])).toEqual({
      requireNetworkIsolation: { Ref: 'RequireNetworkIsolation' },
    });
    expect(inputs([])).toEqual({});
    expect(inputs(['--subnet-ids', SUBNET, '--subnet-ids', 'subnet-0fedcba9876543210'])).toEqual({
      subnetIds: { Ref: 'SubnetIds' },
    });
  });

  it.each([
    [['--subnet-ids', 'subnet-nothex1'], 'Invalid rule parameter subnetIds'],
    [
      ['--require-network-isolation', 'true'],
      "Unexpected argument 'true': switches such as --require-network-isolation take no value",
    ],
    [['--subnet-ids', ''], '--subnet-ids is empty: leave the flag out to not use it'],
    [['--subnet-id', SUBNET], "Unknown option '--subnet-id'"],
    [['--maximum-execution-frequency', 'Hourly'], "maximumExecutionFrequency 'Hourly' is not one of"],
    [['--function-arn', 'my-function'], "'my-function' is not a Lambda function ARN"],
  ])('refuses %j', (argv, message) => {
    expect(() => renderConformancePack(argv)).toThrow(message);
  });
});

describe('deploying the rule inside a conformance pack (-c deployAs=conformancePack)', () => {
  const context = { deployAs: 'conformancePack', subnetIds: SUBNET, maximumExecutionFrequency: 'Six_Hours' };
  let template: Template;
  beforeAll(() => {
    template = synthRuleStack(context).template;
  });

  it('creates the pack instead of a standalone rule, passing the function ARN as a pack parameter', () => {
    const functionId = onlyLogicalId(template, 'AWS::Lambda::Function');
    template.resourceCountIs('AWS::Config::ConfigRule', 0);
    template.hasResourceProperties('AWS::Config::ConformancePack', {
      ConformancePackName: 'sagemaker-model-vpc',
      ConformancePackInputParameters: [
        { ParameterName: FUNCTION_ARN_PARAMETER, ParameterValue: { 'Fn::GetAtt': [functionId, 'Arn'] } },
      ],
    });
  });

  it('uses the same template the script prints for the same settings', () => {
    const pack = Object.values(template.findResources('AWS::Config::ConformancePack'))[0];
    expect(parse(pack?.Properties.TemplateBody)).toEqual(
      parse(renderConformancePack(['--subnet-ids', SUBNET, '--maximum-execution-frequency', 'Six_Hours'])),
    );
  });

  it('keeps the invoke permission and creates the pack only after it', () => {
    const permissionId = onlyLogicalId(template, 'AWS::Lambda::Permission');
    template.hasResourceProperties('AWS::Lambda::Permission', { Principal: 'config.amazonaws.com' });
    template.hasResource('AWS::Config::ConformancePack', { DependsOn: Match.arrayWith([permissionId]) });
  });

  it('takes the pack name from context', () => {
    synthRuleStack({ ...context, conformancePackName: 'ml-guardrails' }).template.hasResourceProperties(
      'AWS::Config::ConformancePack',
      { ConformancePackName: 'ml-guardrails' },
    );
  });
});
