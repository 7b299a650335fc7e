import * as path from 'node:path';
import { CfnOutput, Stack, Stage, type StackProps } from 'aws-cdk-lib';
import { CfnStackSet } from 'aws-cdk-lib/aws-cloudformation';
import { CfnPolicy } from 'aws-cdk-lib/aws-organizations';
import { serviceControlPolicy } from '../policy/iam-policy';
import { synthTimeRuleParameters } from './rule-parameter-props';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import type { Construct } from 'constructs';
import { alarmTopicArnInEachRegion } from './alarms';
import { synthesizeMemberTemplate, type MemberTemplate } from './member-template';
import { OrganizationConfigAggregator } from './organization-config-aggregator';
import type { SageMakerModelVpcRuleProps } from './sagemaker-model-vpc-rule';

export type CallAs = 'SELF' | 'DELEGATED_ADMIN';
export const CALL_AS: readonly CallAs[] = ['SELF', 'DELEGATED_ADMIN'];

/** Where and how the organisation stack rolls the rule out. */
export interface OrganizationSettings {
  /** OU IDs (`ou-...`) or the root ID (`r-...`, the whole organisation). */
  readonly organizationalUnitIds: readonly string[];
  /** The regions the StackSet deploys the rule stack to, in every account of the OUs. */
  readonly regions: readonly string[];
  /** SELF in the management account, DELEGATED_ADMIN in a registered delegated administrator. */
  readonly callAs: CallAs;
  /** Keep the rule stack in an account that leaves the targeted OUs (or the organisation). */
  readonly retainStacksOnAccountRemoval: boolean;
  /** Accounts per region that may fail before the operation stops in that region. */
  readonly failureTolerancePercentage: number;
  /** Accounts per region deployed to at once. */
  readonly maxConcurrentPercentage: number;
  /** Create an organisation-wide AWS Config aggregator in the organisation stack's region. */
  readonly configAggregator: boolean;
  /**
   * Attach the rule's parameters as a service control policy to the OUs, with these principals (ARN
   * patterns) exempt.
   *
   * @default no service control policy
   */
  readonly serviceControlPolicy?: { readonly exemptPrincipalArns: readonly string[] };
}

export const STACK_SET_NAME = 'sagemaker-model-vpc-rule';
const SERVICE_CONTROL_POLICY_NAME = 'sagemaker-model-vpc';

export interface SageMakerModelVpcRuleOrganizationStackProps extends StackProps {
  /** Where the StackSet deploys the rule (OUs and regions), how, and the organisation-wide extras. */
  readonly organization: OrganizationSettings;
  /**
   * The settings of the rule in every member account, as for the stack deployed by hand.
   *
   * @default the rule's defaults (no allow-lists, no exemption tag, delta sweeps every 24 hours)
   */
  readonly rule?: SageMakerModelVpcRuleProps;
}

/**
 * Deployed once, in the organisation's management account or a delegated administrator for StackSets:
 * a service-managed StackSet that puts the rule stack into every account of the given OUs and regions,
 * including accounts that join later, optionally an organisation-wide AWS Config aggregator, and
 * optionally the rule's parameters as a service control policy on the same OUs.
 */
export class SageMakerModelVpcRuleOrganizationStack extends Stack {
  readonly stackSet: CfnStackSet;
  readonly memberTemplate: MemberTemplate;
  readonly aggregator?: OrganizationConfigAggregator;
  /** Only with the serviceControlPolicy setting. */
  readonly serviceControlPolicy?: CfnPolicy;

  constructor(scope: Construct, id: string, props: SageMakerModelVpcRuleOrganizationStackProps) {
    super(scope, id, {
      description: 'AWS Config custom rule for Amazon SageMaker models in a VPC, across an AWS Organization',
      ...props,
    });
    const { organization } = props;
    const rule = props.rule ?? {};
    if (organization.serviceControlPolicy) {
      // Built by the generator the CLI prints from, with the rule's own parameters; a policy over the
      // SCP size limit stops synth, naming the limit, before the member template is bundled.
      const content = serviceControlPolicy(synthTimeRuleParameters(rule, 'serviceControlPolicy'), {
        exemptPrincipalArns: organization.serviceControlPolicy.exemptPrincipalArns,
      });
      this.serviceControlPolicy = new CfnPolicy(this, 'ServiceControlPolicy', {
        name: SERVICE_CONTROL_POLICY_NAME,
        description:
          'Denies sagemaker:CreateModel outside a VPC, with the SageMaker model VPC rule parameters',
        type: 'SERVICE_CONTROL_POLICY',
        // An object, not a string, so that CloudFormation can detect drift.
        content,
        targetIds: [...organization.organizationalUnitIds],
      });
      new CfnOutput(this, 'ServiceControlPolicyId', { value: this.serviceControlPolicy.attrId });
    }

    // Inside the app's cloud assembly directory, so it goes wherever cdk.out goes.
    const memberOutdir = path.join(Stage.of(this)!.outdir, `${id}.member`);
    // Alarms notify only a topic in their own region: each stack instance gets the topic of that account
    // and name in its region.
    this.memberTemplate = synthesizeMemberTemplate(
      {
        ...rule,
        ...(rule.alarmTopicArn !== undefined && {
          alarmTopicArn: alarmTopicArnInEachRegion(rule.alarmTopicArn),
        }),
      },
      memberOutdir,
    );
    // Uploaded to this account's CDK bootstrap bucket by cdk deploy; StackSets read it from there once and
    // hand the template to every stack instance, so member accounts read nothing from S3.
    const templateAsset = new Asset(this, 'MemberTemplate', { path: this.memberTemplate.file });

    this.stackSet = new CfnStackSet(this, 'StackSet', {
      stackSetName: STACK_SET_NAME,
      description: 'AWS Config custom rule: Amazon SageMaker models must run in a VPC',
      permissionModel: 'SERVICE_MANAGED',
      callAs: organization.callAs,
      autoDeployment: {
        enabled: true,
        retainStacksOnAccountRemoval: organization.retainStacksOnAccountRemoval,
      },
      // The rule stack creates IAM roles and policies, none with a custom name.
      capabilities: ['CAPABILITY_IAM'],
      // Lets StackSets queue operations instead of refusing one while another runs.
      managedExecution: { Active: true },
      operationPreferences: {
        failureTolerancePercentage: organization.failureTolerancePercentage,
        maxConcurrentPercentage: organization.maxConcurrentPercentage,
        // Otherwise concurrency is capped at the failure tolerance plus one account.
        concurrencyMode: 'SOFT_FAILURE_TOLERANCE',
        regionConcurrencyType: 'PARALLEL',
      },
      stackInstancesGroup: [
        {
          deploymentTargets: { organizationalUnitIds: [...organization.organizationalUnitIds] },
          regions: [...organization.regions],
        },
      ],
      templateUrl: templateAsset.httpUrl,
    });
    new CfnOutput(this, 'StackSetId', {
      description:
        'aws cloudformation list-stack-instances --stack-set-name <this> shows every account and region',
      value: this.stackSet.attrStackSetId,
    });

    if (!organization.configAggregator) return;
    this.aggregator = new OrganizationConfigAggregator(this, 'ConfigAggregator', {
      regions: organization.regions,
    });
    new CfnOutput(this, 'ConfigAggregatorName', {
      description: 'The rule results of every account: AWS Config > Aggregators > Rules, in this region',
      value: this.aggregator.aggregator.ref,
    });
  }
}
