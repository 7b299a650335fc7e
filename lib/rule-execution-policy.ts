import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { isPlainObject } from '../evaluator/model-facts';

export interface RuleExecutionPolicyProps {
  readonly logGroup: logs.ILogGroup;
  /** The sweep reads its progress and saves it, conditionally, one item per rule. */
  readonly progressTable: dynamodb.ITable;
  readonly failureQueue: sqs.IQueue;
  /** The queue's customer-managed key: sending to it needs a data key, as SQS asks for on each send. */
  readonly failureQueueKey?: kms.IKey;
}

/**
 * Exactly what the handler calls, each scoped as far as the action allows (see the Service
 * Authorization Reference for SageMaker and AWS Config), plus what Lambda does on the function's behalf:
 * write its own log group and send failed invocations to the on-failure queue.
 */
export class RuleExecutionPolicy extends Construct {
  readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: RuleExecutionPolicyProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const models = stack.formatArn({ service: 'sagemaker', resource: 'model', resourceName: '*' });
    const configRules = stack.formatArn({ service: 'config', resource: 'config-rule', resourceName: '*' });
    this.policy = new iam.ManagedPolicy(this, 'Resource', {
      description:
        'SageMaker model VPC rule: read SageMaker models, report evaluations to AWS Config, write logs.',
      statements: [
        new iam.PolicyStatement({ sid: 'ListModels', actions: ['sagemaker:ListModels'], resources: ['*'] }),
        new iam.PolicyStatement({
          sid: 'DescribeModels',
          actions: ['sagemaker:DescribeModel', 'sagemaker:ListTags'],
          resources: [models],
        }),
        new iam.PolicyStatement({
          sid: 'ReportEvaluations',
          actions: [
            'config:PutEvaluations',
            'config:GetResourceConfigHistory',
            'config:ListDiscoveredResources',
            'config:BatchGetResourceConfig',
            'config:SelectResourceConfig',
          ],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'KeepSweepProgress',
          actions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
          resources: [props.progressTable.tableArn],
        }),
        new iam.PolicyStatement({
          sid: 'ReadRuleResults',
          actions: ['config:GetComplianceDetailsByConfigRule'],
          resources: [configRules],
        }),
        new iam.PolicyStatement({
          sid: 'WriteOwnLogs',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [props.logGroup.logGroupArn],
        }),
        new iam.PolicyStatement({
          sid: 'SendFailedInvocations',
          actions: ['sqs:SendMessage'],
          resources: [props.failureQueue.queueArn],
        }),
        ...(props.failureQueueKey
          ? [
              new iam.PolicyStatement({
                sid: 'EncryptFailedInvocations',
                actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
                resources: [props.failureQueueKey.keyArn],
              }),
            ]
          : []),
      ],
    });

    // cdk-nag v3 acknowledges one finding at a time: any other wildcard added later is still reported.
    Validations.of(this.policy).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'sagemaker:ListModels, config:PutEvaluations, config:GetResourceConfigHistory, ' +
          'config:ListDiscoveredResources, config:BatchGetResourceConfig and config:SelectResourceConfig ' +
          'support no resource-level permissions: they accept only "*".',
      },
      {
        id: wildcardResourceFindingId(stack, models),
        reason:
          'The rule judges every SageMaker model in this account and region, so DescribeModel and ListTags ' +
          'need all of them; the ARN pins partition, region and account.',
      },
      {
        id: wildcardResourceFindingId(stack, configRules),
        reason:
          'A config rule ARN ends in a rule ID that exists only after deployment (and a conformance pack renames ' +
          'the rule), so GetComplianceDetailsByConfigRule covers the config rules of this account and region.',
      },
    );
  }
}

/**
 * The ID cdk-nag gives an IAM5 finding for a wildcard resource, for acknowledging it. cdk-nag prints the
 * resolved ARN: a pseudo parameter as `<AWS::Region>`, a value the stack knows (a pinned account or
 * region, a partition literal) as itself. Deriving the ID from the policy's own ARN keeps the
 * acknowledgement matching in an environment-agnostic stack, a pinned one and under
 * `@aws-cdk/core:enablePartitionLiterals` alike.
 */
export function wildcardResourceFindingId(stack: Stack, arn: string): string {
  return `AwsSolutions-IAM5[Resource::${printed(stack.resolve(arn))}]`;
}

function printed(value: unknown): string {
  if (typeof value === 'string') return value;
  if (isPlainObject(value)) {
    const join = value['Fn::Join'];
    if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
      return (join[1] as unknown[]).map(printed).join(join[0]);
    }
    if (typeof value.Ref === 'string') return `<${value.Ref}>`;
  }
  throw new Error(`Cannot name the cdk-nag finding for the resource ${JSON.stringify(value)}`);
}
