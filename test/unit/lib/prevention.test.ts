import type { HookFailureMode } from '../../../settings/hook-function';
import { readFileSync } from 'node:fs';
import { Script } from 'node:vm';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildApp, type RuleApp } from '../../../app/app';
import { SageMakerModelVpcHook } from '../../../lib/sagemaker-model-vpc-hook';
import { iamGrammarViolations } from '../../support/iam-policy';
import { onlyLogicalId, synthRuleStack } from './synth';

const PARAMETERS = {
  subnetIds: 'subnet-0123456789abcdef0',
  securityGroupIds: 'sg-0123456789abcdef0',
  requireNetworkIsolation: 'true',
  exemptionTag: 'vpc-exempt=approved',
};
const ORGANIZATION = { organizationalUnitIds: 'ou-abcd-11111111,r-abcd', regions: 'eu-west-1' };

const build = (context: Record<string, unknown>): RuleApp =>
  buildApp({ context: { ...context, 'aws:cdk:bundling-stacks': [] } });

describe('the rule stack without -c preventionHook', () => {
  it('has no hook, hook function or hook role', () => {
    const { template } = synthRuleStack();
    template.resourceCountIs('AWS::CloudFormation::LambdaHook', 0);
    template.resourceCountIs('AWS::Lambda::Function', 1);
  });
});

describe('the rule stack with -c preventionHook=true', () => {
  let template: Template;
  let hookFunctionId: string;
  let executionRoleId: string;

  beforeAll(() => {
    template = synthRuleStack({ ...PARAMETERS, preventionHook: 'true' }).template;
    hookFunctionId = Object.keys(
      template.findResources('AWS::Lambda::Function', {
        Properties: { Description: Match.stringLikeRegexp('^CloudFormation hook') },
      }),
    )[0]!;
    executionRoleId = Object.keys(
      template.findResources('AWS::IAM::Role', {
        Properties: { Description: Match.stringLikeRegexp('^Assumed by CloudFormation Hooks') },
      }),
    )[0]!;
  });

  it('activates a Lambda hook on CREATE and UPDATE of SageMaker models, in stacks and through Cloud Control', () => {
    template.hasResourceProperties('AWS::CloudFormation::LambdaHook', {
      Alias: 'Private::SageMakerModelVpc::Hook',
      HookStatus: 'ENABLED',
      // FAILED answers (non-compliant models) stop the operation; the handler decides when to answer FAILED.
      FailureMode: 'FAIL',
      LambdaFunction: { 'Fn::GetAtt': [hookFunctionId, 'Arn'] },
      ExecutionRole: { 'Fn::GetAtt': [executionRoleId, 'Arn'] },
      TargetOperations: ['RESOURCE', 'CLOUD_CONTROL'],
      TargetFilters: {
        Targets: [
          { TargetName: 'AWS::SageMaker::Model', Action: 'CREATE', InvocationPoint: 'PRE_PROVISION' },
          { TargetName: 'AWS::SageMaker::Model', Action: 'UPDATE', InvocationPoint: 'PRE_PROVISION' },
        ],
      },
    });
  });

  it("gives the hook function exactly the rule's InputParameters and the default failure mode WARN", () => {
    const rule = template.findResources('AWS::Config::ConfigRule');
    const inputParameters = Object.values(rule)[0]!.Properties.InputParameters as Record<string, string>;
    expect(inputParameters).toEqual(PARAMETERS);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^CloudFormation hook'),
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Timeout: 15,
      Environment: {
        Variables: Match.objectLike({
          RULE_PARAMETERS: JSON.stringify(inputParameters),
          HOOK_FAILURE_MODE: 'WARN',
          POWERTOOLS_SERVICE_NAME: 'sagemaker-model-vpc-hook',
        }),
      },
    });
  });

  it('lets only hooks of this account and region assume the role that invokes the function, and only that', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'hooks.cloudformation.amazonaws.com' },
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              ArnLike: {
                'aws:SourceArn': {
                  'Fn::Join': [
                    '',
                    [
                      'arn:',
                      { Ref: 'AWS::Partition' },
                      ':cloudformation:',
                      { Ref: 'AWS::Region' },
                      ':',
                      { Ref: 'AWS::AccountId' },
                      ':type/hook/*',
                    ],
                  ],
                },
              },
            },
          },
        ],
      },
      Policies: [
        {
          PolicyName: 'InvokeHookFunction',
          PolicyDocument: {
            Statement: [
              {
                Action: 'lambda:InvokeFunction',
                Effect: 'Allow',
                Resource: { 'Fn::GetAtt': [hookFunctionId, 'Arn'] },
              },
            ],
          },
        },
      ],
    });
  });

  it('lets the hook function write its own logs and nothing else', () => {
    const role = template.findResources('AWS::IAM::Role', {
      Properties: { Description: Match.stringLikeRegexp('^Execution role of the SageMaker model VPC hook') },
    });
    const [properties] = Object.values(role).map((resource) => resource.Properties);
    expect(properties.ManagedPolicyArns).toBeUndefined();
    expect(properties.Policies).toEqual([
      {
        PolicyName: 'WriteOwnLogs',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              Effect: 'Allow',
              Resource: { 'Fn::GetAtt': [expect.stringMatching(/PreventionHookLogGroup/), 'Arn'] },
            },
          ],
        },
      },
    ]);
  });

  it('alarms on any request answered by the failure mode, counted from its error logs', () => {
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.level = "ERROR" }',
      MetricTransformations: [
        { MetricNamespace: 'SageMakerModelVpcHook', MetricName: 'UnjudgedRequests', MetricValue: '1' },
      ],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'UnjudgedRequests',
      Threshold: 1,
      TreatMissingData: 'notBreaching',
    });
  });

  it('outputs the hook ARN', () => {
    template.hasOutput('PreventionHookArn', { Value: { 'Fn::GetAtt': [Match.anyValue(), 'HookArn'] } });
  });

  it('takes -c hookFailureMode=FAIL', () => {
    synthRuleStack({ preventionHook: 'true', hookFailureMode: 'FAIL' }).template.hasResourceProperties(
      'AWS::Lambda::Function',
      { Environment: { Variables: Match.objectLike({ HOOK_FAILURE_MODE: 'FAIL', RULE_PARAMETERS: '{}' }) } },
    );
  });

  it('passes cdk-nag AwsSolutions with no acknowledgement of its own', () => {
    const { stack } = build({ ...PARAMETERS, preventionHook: 'true' });
    const hook = stack.rule.preventionHook!;
    const findings = new AwsSolutionsChecks().validateScope(hook).violations;
    expect(findings).toEqual([]);
  });
});

describe('bad prevention settings stop synth with a message naming the key', () => {
  it.each<[string, Record<string, unknown>, RegExp]>([
    [
      'a failure mode without the hook',
      { hookFailureMode: 'FAIL' },
      /hookFailureMode applies only with the hook/,
    ],
    [
      'an unknown failure mode',
      { preventionHook: 'true', hookFailureMode: 'fail' },
      /must be one of WARN, FAIL, got 'fail'/,
    ],
    ['a non-boolean switch', { preventionHook: 'yes' }, /preventionHook must be true or false/],
    [
      'the hook with the function only',
      { preventionHook: true, deployAs: 'functionOnly' },
      /preventionHook judges with the rule's parameters/,
    ],
    [
      'exempt principals without the SCP',
      { ...ORGANIZATION, scpExemptPrincipals: 'arn:aws:iam::*:role/a' },
      /applies only with -c serviceControlPolicy=true/,
    ],
    [
      'the SCP without organisation',
      { serviceControlPolicy: 'true' },
      /serviceControlPolicy applies only to the organisation stack/,
    ],
    [
      'an exempt principal that is not an ARN',
      { ...ORGANIZATION, serviceControlPolicy: 'true', scpExemptPrincipals: 'break-glass' },
      /exempt principal 'break-glass' is not an IAM principal ARN pattern/,
    ],
    [
      'an SCP for an exemption tag with an empty value',
      { ...ORGANIZATION, serviceControlPolicy: 'true', exemptionTag: 'vpc-exempt=' },
      /the exemption tag 'vpc-exempt=' exempts only a model whose vpc-exempt tag is empty, and IAM documents no empty condition value/,
    ],
  ])('%s', (_case, context, message) => {
    expect(() => build(context)).toThrow(message);
  });

  it('refuses an unknown failure mode given to the construct, which the function would read as WARN', () => {
    const failureMode = 'fail' as HookFailureMode;
    expect(() => new SageMakerModelVpcHook(new Stack(), 'Hook', { failureMode })).toThrow(
      "failureMode must be one of WARN, FAIL, got 'fail'",
    );
  });

  it('refuses a hook alias CloudFormation would refuse', () => {
    expect(() => new SageMakerModelVpcHook(new Stack(), 'Hook', { alias: 'AWS::SageMaker::Hook' })).toThrow(
      /hook alias 'AWS::SageMaker::Hook' must be Name1::Name2::Name3/,
    );
  });
});

describe('the organisation stack with -c serviceControlPolicy=true', () => {
  let built: RuleApp;
  let template: Template;

  beforeAll(() => {
    built = build({
      ...ORGANIZATION,
      ...PARAMETERS,
      preventionHook: 'true',
      serviceControlPolicy: 'true',
      scpExemptPrincipals:
        'arn:aws:iam::*:role/break-glass, arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*',
    });
    template = Template.fromStack(built.organizationStack!);
  });

  it('attaches the SCP the CLI prints, from the same rule parameters, to the target OUs', () => {
    const policyId = onlyLogicalId(template, 'AWS::Organizations::Policy');
    const policy = template.toJSON().Resources[policyId].Properties;
    expect(policy).toMatchObject({
      Name: 'sagemaker-model-vpc',
      Type: 'SERVICE_CONTROL_POLICY',
      TargetIds: ['ou-abcd-11111111', 'r-abcd'],
    });
    expect(iamGrammarViolations(JSON.stringify(policy.Content))).toEqual([]);
    const sids = (policy.Content.Statement as { Sid: string }[]).map((statement) => statement.Sid);
    expect(sids).toEqual([
      'DenyModelWithoutSubnets',
      'DenyModelWithoutSecurityGroups',
      'DenySubnetsOutsideAllowList',
      'DenySecurityGroupsOutsideAllowList',
      'DenyModelWithoutNetworkIsolation',
    ]);
    expect(policy.Content.Statement[2].Condition).toEqual({
      'ForAnyValue:StringNotEquals': { 'sagemaker:VpcSubnets': ['subnet-0123456789abcdef0'] },
      StringNotEquals: { 'aws:RequestTag/vpc-exempt': 'approved' },
      ArnNotLike: {
        'aws:PrincipalArn': [
          'arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*',
          'arn:aws:iam::*:role/break-glass',
        ],
      },
    });
  });

  it('passes cdk-nag AwsSolutions', () => {
    expect(new AwsSolutionsChecks().validateScope(built.organizationStack!).violations).toEqual([]);
  });

  it('puts the hook in the member template, with its handler inline like the rule function', () => {
    const member = JSON.parse(readFileSync(built.organizationStack!.memberTemplate.file, 'utf8')) as {
      Resources: Record<
        string,
        { Type: string; Properties: { Description?: string; Code?: { ZipFile?: string } } }
      >;
    };
    const functions = Object.values(member.Resources).filter(
      (resource) => resource.Type === 'AWS::Lambda::Function',
    );
    expect(functions).toHaveLength(2);
    const hookFunction = functions.find((resource) =>
      String(resource.Properties.Description).startsWith('CloudFormation hook'),
    )!;
    const code = hookFunction.Properties.Code!.ZipFile!;
    // CloudFormation writes inline Node.js code to index.js, loaded as CommonJS.
    expect(() => new Script(code, { filename: 'index.js' })).not.toThrow();
    expect(
      Object.values(member.Resources).filter(
        (resource) => resource.Type === 'AWS::CloudFormation::LambdaHook',
      ),
    ).toHaveLength(1);
  });

  it('has no SCP by default', () => {
    const { organizationStack } = build(ORGANIZATION);
    Template.fromStack(organizationStack!).resourceCountIs('AWS::Organizations::Policy', 0);
  });

  it('stops synth when the allow-lists make the SCP too large, naming the limit', () => {
    const subnets = Array.from(
      { length: 200 },
      (_, index) => `subnet-${index.toString(16).padStart(17, '0')}`,
    );
    expect(() =>
      build({ ...ORGANIZATION, serviceControlPolicy: 'true', subnetIds: subnets.join(',') }),
    ).toThrow(/over the 5120 bytes AWS accepts/);
  });
});
