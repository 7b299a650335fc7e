import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Stack, Validations, type Acknowledgment } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { AssetManifest } from 'aws-cdk-lib/cloud-assembly-schema';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildApp, ORGANIZATION_STACK_ID, STACK_ID, type RuleApp } from '../../../app/app';
import { OrganizationConfigAggregator } from '../../../lib/organization-config-aggregator';
import { onlyLogicalId } from './synth';

const ORGANIZATION_CONTEXT = {
  organizationalUnitIds: 'ou-abcd-11111111,ou-abcd-22222222',
  regions: 'eu-west-1,us-east-1',
};

const build = (context: Record<string, unknown>): RuleApp =>
  buildApp({ context: { ...context, 'aws:cdk:bundling-stacks': [] } });

/** cdk-nag findings of one construct tree, as `rule at path`. */
const findings = (scope: Stack): string[] =>
  new AwsSolutionsChecks()
    .validateScope(scope)
    .violations.flatMap((violation) =>
      violation.violatingResources.map((resource) => `${violation.ruleName} at ${resource.constructPath}`),
    );

describe('the organisation stack with default settings', () => {
  let built: RuleApp;
  let template: Template;

  beforeAll(() => {
    built = build(ORGANIZATION_CONTEXT);
    template = Template.fromStack(built.organizationStack!);
  });

  describe('the StackSet', () => {
    it('uses service-managed permissions, created from the management account (CallAs SELF)', () => {
      template.hasResourceProperties('AWS::CloudFormation::StackSet', {
        StackSetName: 'sagemaker-model-vpc-rule',
        PermissionModel: 'SERVICE_MANAGED',
        CallAs: 'SELF',
      });
    });

    it('deploys to every account of the OUs in every region, and to accounts that join later', () => {
      template.hasResourceProperties('AWS::CloudFormation::StackSet', {
        StackInstancesGroup: [
          {
            DeploymentTargets: { OrganizationalUnitIds: ['ou-abcd-11111111', 'ou-abcd-22222222'] },
            Regions: ['eu-west-1', 'us-east-1'],
          },
        ],
        AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      });
    });

    it('rolls out to a quarter of the accounts at a time, regions in parallel, tolerating 10% failures', () => {
      template.hasResourceProperties('AWS::CloudFormation::StackSet', {
        OperationPreferences: {
          FailureTolerancePercentage: 10,
          MaxConcurrentPercentage: 25,
          ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE',
          RegionConcurrencyType: 'PARALLEL',
        },
        ManagedExecution: { Active: true },
      });
    });

    it('acknowledges that the member stack creates IAM resources, and nothing more', () => {
      template.hasResourceProperties('AWS::CloudFormation::StackSet', { Capabilities: ['CAPABILITY_IAM'] });
    });

    it('reads its template from the member template uploaded as an asset of this stack', () => {
      const stack = built.organizationStack!;
      const assembly = built.app.synth();
      const manifest = JSON.parse(
        readFileSync(path.join(assembly.directory, `${ORGANIZATION_STACK_ID}.assets.json`), 'utf8'),
      ) as AssetManifest;
      const [hash, asset] = Object.entries(manifest.files ?? {}).find(([, entry]) =>
        entry.source.path?.endsWith('.json'),
      )!;
      const uploaded = readFileSync(path.join(assembly.directory, asset.source.path!), 'utf8');
      expect(uploaded).toBe(readFileSync(stack.memberTemplate.file, 'utf8'));
      template.hasResourceProperties('AWS::CloudFormation::StackSet', {
        TemplateURL: { 'Fn::Sub': Match.stringLikeRegexp(`^https://s3\\..*/${hash}\\.json$`) },
      });
    });
  });

  describe('the AWS Config aggregator', () => {
    it('aggregates the whole organisation in the StackSet regions', () => {
      const roleId = onlyLogicalId(template, 'AWS::IAM::Role');
      template.hasResourceProperties('AWS::Config::ConfigurationAggregator', {
        // The name the README's commands use.
        ConfigurationAggregatorName: 'sagemaker-model-vpc-rule-organization',
        OrganizationAggregationSource: {
          RoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] },
          AwsRegions: ['eu-west-1', 'us-east-1'],
          AllAwsRegions: Match.absent(),
        },
        AccountAggregationSources: Match.absent(),
      });
    });

    it('assumes a role only AWS Config acting for this account can assume, holding only a customer-managed policy', () => {
      const policyId = onlyLogicalId(template, 'AWS::IAM::ManagedPolicy');
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [
            {
              Action: 'sts:AssumeRole',
              Effect: 'Allow',
              Principal: { Service: 'config.amazonaws.com' },
              Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
            },
          ],
        },
        ManagedPolicyArns: [{ Ref: policyId }],
        Policies: Match.absent(),
      });
    });

    it('lets that role read exactly what AWSConfigRoleForOrganizations allows', () => {
      template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
        PolicyDocument: {
          Statement: [
            {
              Effect: 'Allow',
              Action: [
                'organizations:ListAccounts',
                'organizations:DescribeOrganization',
                'organizations:ListAWSServiceAccessForOrganization',
                'organizations:ListDelegatedAdministrators',
              ],
              Resource: '*',
              Sid: 'ReadOrganization',
            },
          ],
        },
      });
    });
  });

  it('passes cdk-nag AwsSolutions with no unacknowledged finding', () => {
    expect(findings(built.organizationStack!)).toEqual([]);
  });

  it('joins the member stack in the app, which keeps its own id', () => {
    expect(
      built.app.node.children.filter((child) => child instanceof Stack).map((child) => child.node.id),
    ).toEqual([STACK_ID, ORGANIZATION_STACK_ID]);
  });
});

describe('the organisation stack with every setting given', () => {
  let template: Template;
  let member: Template;

  beforeAll(() => {
    const { organizationStack } = build({
      organizationalUnitIds: 'r-ab12',
      regions: 'eu-central-1',
      callAs: 'DELEGATED_ADMIN',
      retainStacksOnAccountRemoval: 'true',
      failureTolerancePercentage: '0',
      maxConcurrentPercentage: '100',
      configAggregator: false,
      subnetIds: 'subnet-0123456789abcdef0',
      maximumExecutionFrequency: 'Six_Hours',
    });
    template = Template.fromStack(organizationStack!);
    member = Template.fromJSON(organizationStack!.memberTemplate.template);
  });

  it('creates the StackSet as a delegated administrator, targeting the whole organisation (root)', () => {
    template.hasResourceProperties('AWS::CloudFormation::StackSet', {
      CallAs: 'DELEGATED_ADMIN',
      StackInstancesGroup: [
        { DeploymentTargets: { OrganizationalUnitIds: ['r-ab12'] }, Regions: ['eu-central-1'] },
      ],
    });
  });

  it('keeps the rule in accounts that leave, and applies the given failure tolerance and concurrency', () => {
    template.hasResourceProperties('AWS::CloudFormation::StackSet', {
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: true },
      OperationPreferences: { FailureTolerancePercentage: 0, MaxConcurrentPercentage: 100 },
    });
  });

  it('creates no aggregator, role or policy when configAggregator is false', () => {
    template.resourceCountIs('AWS::Config::ConfigurationAggregator', 0);
    template.resourceCountIs('AWS::IAM::Role', 0);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
  });

  it('gives the member accounts the rule settings from the same context keys as the stack deployed by hand', () => {
    member.hasResourceProperties('AWS::Config::ConfigRule', {
      InputParameters: { subnetIds: 'subnet-0123456789abcdef0' },
      Source: {
        SourceDetails: Match.arrayWith([Match.objectLike({ MaximumExecutionFrequency: 'Six_Hours' })]),
      },
    });
  });
});

describe('the organisation stack from cdk.json lists', () => {
  it('takes OUs and regions as lists of strings, as it takes readers and exempt principals', () => {
    const { organizationStack } = build({
      organizationalUnitIds: ['ou-abcd-11111111', 'ou-abcd-22222222'],
      regions: ['eu-west-1', 'us-east-1'],
    });
    Template.fromStack(organizationStack!).hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackInstancesGroup: [
        {
          DeploymentTargets: { OrganizationalUnitIds: ['ou-abcd-11111111', 'ou-abcd-22222222'] },
          Regions: ['eu-west-1', 'us-east-1'],
        },
      ],
    });
  });
});

describe('the organisation stack with an alarm topic', () => {
  const TOPIC_ARN = 'arn:aws:sns:eu-west-1:111122223333:rule-alarms';
  let built: RuleApp;

  beforeAll(() => {
    built = build({ ...ORGANIZATION_CONTEXT, alarmTopicArn: TOPIC_ARN });
  });

  it("makes the member stacks notify the topic of that account and name in each stack instance's region", () => {
    const member = Template.fromJSON(built.organizationStack!.memberTemplate.template);
    const alarms = Object.values(member.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(3);
    for (const alarm of alarms) {
      const { AlarmActions, OKActions } = alarm.Properties as Record<string, unknown>;
      expect(AlarmActions).toEqual([
        { 'Fn::Join': [':', ['arn:aws:sns', { Ref: 'AWS::Region' }, '111122223333:rule-alarms']] },
      ]);
      expect(OKActions).toEqual(AlarmActions);
    }
  });

  it('gives the stack deployed by hand the topic exactly as given', () => {
    Template.fromStack(built.stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: [TOPIC_ARN],
    });
  });

  it('stops synth on a value that is not a topic ARN', () => {
    expect(() => build({ ...ORGANIZATION_CONTEXT, alarmTopicArn: 'rule-alarms' })).toThrow(
      "alarmTopicArn 'rule-alarms' is not the ARN of a standard SNS topic",
    );
  });
});

describe('the aggregator construct and cdk-nag', () => {
  it('acknowledges only findings that exist, each narrowly and with a reason', () => {
    const acknowledged: Acknowledgment[] = [];
    const acknowledge = jest.spyOn(Validations.prototype, 'acknowledge').mockImplementation((...rules) => {
      acknowledged.push(...rules);
    });
    const stack = new Stack();
    new OrganizationConfigAggregator(stack, 'Aggregator', { regions: ['eu-west-1'] });
    const unacknowledged = findings(stack).map((finding) => finding.split(' at ')[0]);
    acknowledge.mockRestore();

    expect(acknowledged.map((rule) => rule.id)).toEqual(['AwsSolutions-IAM5[Resource::*]']);
    expect(new Set(unacknowledged)).toEqual(new Set(acknowledged.map((rule) => rule.id)));
    expect(acknowledged[0]!.reason.length).toBeGreaterThan(40);
  });
});

describe('the app without organisation context', () => {
  it('has only the member stack, so a plain cdk deploy deploys it as before', () => {
    const { app, organizationStack } = build({});
    expect(organizationStack).toBeUndefined();
    expect(app.node.children.filter((child) => child instanceof Stack).map((child) => child.node.id)).toEqual(
      [STACK_ID],
    );
  });
});

describe('bad organisation context stops synth with a message naming the key', () => {
  it.each([
    [
      'regions without OUs',
      { regions: 'eu-west-1' },
      /Context regions applies only to the organisation stack/,
    ],
    [
      'other organisation keys without OUs',
      { callAs: 'SELF', configAggregator: 'false' },
      /Context callAs, configAggregator applies only to the organisation stack/,
    ],
    [
      'an empty OU list',
      { ...ORGANIZATION_CONTEXT, organizationalUnitIds: ' , ' },
      /organizationalUnitIds must list at least one/,
    ],
    [
      'a malformed OU ID',
      { ...ORGANIZATION_CONTEXT, organizationalUnitIds: 'ou-abcd-11111111,ou-xxx' },
      /Context organizationalUnitIds: 'ou-xxx' is not an OU ID/,
    ],
    ['OUs without regions', { organizationalUnitIds: 'ou-abcd-11111111' }, /Context regions is required/],
    [
      'a region without its number',
      { ...ORGANIZATION_CONTEXT, regions: 'eu-west' },
      /Context regions: 'eu-west' is not a region/,
    ],
    [
      'an Availability Zone',
      { ...ORGANIZATION_CONTEXT, regions: 'eu-west-1a' },
      /'eu-west-1a' is not a region/,
    ],
    [
      'an unknown callAs',
      { ...ORGANIZATION_CONTEXT, callAs: 'ADMIN' },
      /callAs must be one of SELF, DELEGATED_ADMIN, got 'ADMIN'/,
    ],
    [
      'a failure tolerance over 100',
      { ...ORGANIZATION_CONTEXT, failureTolerancePercentage: '150' },
      /failureTolerancePercentage must be a whole number from 0 to 100, got '150'/,
    ],
    [
      'no concurrency at all',
      { ...ORGANIZATION_CONTEXT, maxConcurrentPercentage: '0' },
      /maxConcurrentPercentage must be a whole number from 1 to 100, got '0'/,
    ],
    [
      'a switch that is not a boolean',
      { ...ORGANIZATION_CONTEXT, retainStacksOnAccountRemoval: 'yes' },
      /retainStacksOnAccountRemoval must be true or false, got 'yes'/,
    ],
  ])('%s', (_case, context, message) => {
    expect(() => build(context)).toThrow(message);
  });
});
