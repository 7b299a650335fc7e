import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { SageMakerModelVpcRule, type SageMakerModelVpcRuleProps } from './sagemaker-model-vpc-rule';

export interface SageMakerModelVpcRuleStackProps extends StackProps {
  /**
   * The rule's settings: parameters, deployment form, schedule, function settings, hook.
   *
   * @default the rule's defaults (no allow-lists, no exemption tag, delta sweeps every 24 hours)
   */
  readonly rule?: SageMakerModelVpcRuleProps;
}

/**
 * The project's deployable stack: the rule with the given (or default) settings. Environment-agnostic,
 * so one synthesized template deploys to whichever account and region the CLI profile points at.
 */
export class SageMakerModelVpcRuleStack extends Stack {
  readonly rule: SageMakerModelVpcRule;

  constructor(scope: Construct, id: string, props: SageMakerModelVpcRuleStackProps = {}) {
    super(scope, id, {
      description: 'AWS Config custom rule: Amazon SageMaker models must run in a VPC',
      ...props,
    });
    this.rule = new SageMakerModelVpcRule(this, 'SageMakerModelVpcRule', props.rule);
    const ruleFunction = this.rule.ruleFunction;
    new CfnOutput(this, 'FunctionArn', {
      description: 'Rule function ARN, for npm run conformance-pack -- --function-arn',
      value: ruleFunction.function.functionArn,
    });
    new CfnOutput(this, 'LogGroupName', {
      description: 'The function logs here: aws logs tail <name> --follow',
      value: ruleFunction.logGroup.logGroupName,
    });
    new CfnOutput(this, 'FailedInvocationsQueueUrl', {
      description: 'Invocations that failed every retry land here',
      value: ruleFunction.failureQueue.queueUrl,
    });
    if (this.rule.configRule) {
      new CfnOutput(this, 'ConfigRuleName', { value: this.rule.configRule.ref });
    }
    if (this.rule.preventionHook) {
      new CfnOutput(this, 'PreventionHookArn', {
        description: 'The CloudFormation hook that stops SageMaker models outside a VPC',
        value: this.rule.preventionHook.hook.attrHookArn,
      });
    }
  }
}
