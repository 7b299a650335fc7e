import { Stack, Validations, type Acknowledgment, type Environment } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildApp, checkedApp } from '../../../app/app';
import { wildcardResourceFindingId } from '../../../lib/rule-execution-policy';
import { OrganizationConfigAggregator } from '../../../lib/organization-config-aggregator';
import { SageMakerModelVpcRule } from '../../../lib/sagemaker-model-vpc-rule';

/** Unacknowledged cdk-nag AwsSolutions findings in a construct tree, as `rule at path`. */
const nagFindings = (scope: Stack): string[] =>
  new AwsSolutionsChecks()
    .validateScope(scope)
    .violations.flatMap((violation) =>
      violation.violatingResources.map((resource) => `${violation.ruleName} at ${resource.constructPath}`),
    );

/** Builds the app without synthesizing it (synth would stop at the first finding) and runs the pack. */
const findings = (context: Record<string, unknown>): string[] =>
  nagFindings(buildApp({ context: { ...context, 'aws:cdk:bundling-stacks': [] } }).stack);

describe.each([
  ['as a standalone rule', {}],
  ['inside a conformance pack', { deployAs: 'conformancePack' }],
  ['with the function only', { deployAs: 'functionOnly' }],
  ['notifying an alarm topic', { alarmTopicArn: 'arn:aws:sns:eu-west-1:111122223333:rule-alarms' }],
  [
    'with the prevention hook',
    { preventionHook: 'true', alarmTopicArn: 'arn:aws:sns:eu-west-1:111122223333:a' },
  ],
  [
    'with a customer-managed key and readers of the failed invocations',
    { failedInvocationsKey: 'create', failedInvocationsReaders: 'arn:aws:iam::111122223333:role/Admin' },
  ],
])('cdk-nag AwsSolutions on the stack %s', (_mode, context) => {
  it('reports no unacknowledged error or warning', () => {
    expect(findings(context)).toEqual([]);
  });

  it('acknowledges only findings that exist, each narrowly and with a reason', () => {
    const acknowledged: Acknowledgment[] = [];
    const acknowledge = jest.spyOn(Validations.prototype, 'acknowledge').mockImplementation((...rules) => {
      acknowledged.push(...rules);
    });
    const unacknowledged = findings(context).map((finding) => finding.split(' at ')[0]);
    acknowledge.mockRestore();

    expect(new Set(unacknowledged)).toEqual(new Set(acknowledged.map((rule) => rule.id)));
    for (const rule of acknowledged) {
      if (rule.id.startsWith('AwsSolutions-IAM5'))
        expect(rule.id).toMatch(/^AwsSolutions-IAM5\[Resource::.+\]$/);
      expect(rule.reason.length).toBeGreaterThan(40);
    }
  });
});

const PINNED: Environment = { account: '123456789012', region: 'eu-west-1' };
const PARTITION_LITERALS = { '@aws-cdk/core:enablePartitionLiterals': true };

describe.each([
  ['environment-agnostic', undefined, {}, 'arn:<AWS::Partition>:sagemaker:<AWS::Region>:<AWS::AccountId>'],
  ['pinned to an account and region', PINNED, {}, 'arn:<AWS::Partition>:sagemaker:eu-west-1:123456789012'],
  ['pinned, with partition literals', PINNED, PARTITION_LITERALS, 'arn:aws:sagemaker:eu-west-1:123456789012'],
])('the constructs in a stack %s', (_case, env, flags, modelArnPrefix) => {
  const build = () => {
    const app = checkedApp({ context: { ...flags, 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'Pinned', env ? { env } : {});
    new SageMakerModelVpcRule(stack, 'Rule');
    new OrganizationConfigAggregator(stack, 'Aggregator', { regions: ['eu-west-1'] });
    return { app, stack };
  };

  it('acknowledge the wildcard ARNs as cdk-nag prints them in this environment', () => {
    const { stack } = build();
    const models = stack.formatArn({ service: 'sagemaker', resource: 'model', resourceName: '*' });
    expect(wildcardResourceFindingId(stack, models)).toBe(
      `AwsSolutions-IAM5[Resource::${modelArnPrefix}:model/*]`,
    );
  });

  it('leave no cdk-nag finding unacknowledged, so synth succeeds', () => {
    const { app, stack } = build();
    expect(nagFindings(stack)).toEqual([]);
    expect(() => app.synth()).not.toThrow();
  });
});

describe('the app', () => {
  it('runs cdk-nag on synth, so a new unacknowledged wildcard stops it', () => {
    const { app, stack } = buildApp({ context: { 'aws:cdk:bundling-stacks': [] } });
    new iam.ManagedPolicy(stack, 'Overreach', {
      statements: [new iam.PolicyStatement({ actions: ['sagemaker:*'], resources: ['*'] })],
    });
    expect(() => app.synth()).toThrow(/AwsSolutions-IAM5\[Action::sagemaker:\*\]/);
  });
});
