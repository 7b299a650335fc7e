import { Stack, Validations } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

const AGGREGATOR_NAME = 'sagemaker-model-vpc-rule-organization';

/**
 * What AWS Config needs to aggregate an organisation: the actions of the AWS managed policy
 * AWSConfigRoleForOrganizations, written out as a customer-managed policy so that the project uses no
 * AWS managed policy (one that AWS may widen at any time).
 */
const ORGANIZATION_READ_ACTIONS = [
  'organizations:ListAccounts',
  'organizations:DescribeOrganization',
  'organizations:ListAWSServiceAccessForOrganization',
  'organizations:ListDelegatedAdministrators',
];

export interface OrganizationConfigAggregatorProps {
  /** The regions whose data the aggregator collects. */
  readonly regions: readonly string[];
}

/**
 * An AWS Config aggregator over every account of the organisation, in the regions given: the rule's
 * results of every account then show in one place (AWS Config > Aggregators > Rules).
 */
export class OrganizationConfigAggregator extends Construct {
  readonly aggregator: config.CfnConfigurationAggregator;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: OrganizationConfigAggregatorProps) {
    super(scope, id);
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'AWS Config organisation aggregator: list the accounts of the organisation.',
      statements: [
        new iam.PolicyStatement({
          sid: 'ReadOrganization',
          actions: ORGANIZATION_READ_ACTIONS,
          resources: ['*'],
        }),
      ],
    });
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'organizations:ListAccounts, DescribeOrganization, ListAWSServiceAccessForOrganization and ' +
        'ListDelegatedAdministrators support no resource-level permissions: they accept only "*".',
    });
    this.role = new iam.Role(this, 'Role', {
      // Confused-deputy protection: only AWS Config acting for this account may assume the role.
      assumedBy: new iam.ServicePrincipal('config.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'Lets the AWS Config organisation aggregator list the accounts of the organisation',
      managedPolicies: [policy],
    });
    this.aggregator = new config.CfnConfigurationAggregator(this, 'Resource', {
      configurationAggregatorName: AGGREGATOR_NAME,
      organizationAggregationSource: { roleArn: this.role.roleArn, awsRegions: [...props.regions] },
    });
  }
}
