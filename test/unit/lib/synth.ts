import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../../app/app';
import type { SageMakerModelVpcRuleStack } from '../../../lib/sagemaker-model-vpc-rule-stack';

export interface SynthesizedRuleStack {
  readonly stack: SageMakerModelVpcRuleStack;
  readonly template: Template;
}

/**
 * The project stack exactly as bin/app.ts builds it, from the given CDK context. Bundling is skipped
 * (app-bundle.test.ts covers it): the template does not depend on it.
 */
export function synthRuleStack(context: Record<string, unknown> = {}): SynthesizedRuleStack {
  const { stack } = buildApp({ context: { ...context, 'aws:cdk:bundling-stacks': [] } });
  return { stack, template: Template.fromStack(stack) };
}

/** The logical ID of the only resource of a type, failing if there is not exactly one. */
export function onlyLogicalId(template: Template, type: string): string {
  const ids = Object.keys(template.findResources(type));
  if (ids.length !== 1) throw new Error(`expected exactly one ${type}, found ${ids.length}`);
  return ids[0] as string;
}

/** `arn:${Partition}:<service>:${Region}:${AccountId}:<resource>` as Stack.formatArn renders it. */
export function accountArn(service: string, resource: string): unknown {
  return {
    'Fn::Join': [
      '',
      [
        'arn:',
        { Ref: 'AWS::Partition' },
        `:${service}:`,
        { Ref: 'AWS::Region' },
        ':',
        { Ref: 'AWS::AccountId' },
        `:${resource}`,
      ],
    ],
  };
}

/** The rule's triggers in CloudFormation's shape, written out: both change notifications and the sweep. */
export function expectedSourceDetails(frequency: string): unknown[] {
  return [
    { EventSource: 'aws.config', MessageType: 'ConfigurationItemChangeNotification' },
    { EventSource: 'aws.config', MessageType: 'OversizedConfigurationItemChangeNotification' },
    { EventSource: 'aws.config', MessageType: 'ScheduledNotification', MaximumExecutionFrequency: frequency },
  ];
}
