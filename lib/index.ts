/**
 * The package's CDK API: the AWS Config rule as a construct and as ready stacks, the CDK Aspect that
 * checks models at synth time with the same evaluator, and the evaluator itself (also importable
 * without CDK from `sagemaker-model-vpc-rule/evaluator`).
 */
export {
  SageMakerModelVpcRule,
  type RuleDeployment,
  type SageMakerModelVpcRuleProps,
} from './sagemaker-model-vpc-rule';
export type { SageMakerModelVpcRuleParameters } from './rule-parameter-props';
export { RuleFunction, type RuleFunctionProps } from './rule-function';
export type { FailedInvocationsKey } from './failed-invocations-queue';
export type { SweepReporting } from '../settings/rule-function';
export { SageMakerModelVpcHook, type SageMakerModelVpcHookProps } from './sagemaker-model-vpc-hook';
export type { PreventionHookSettings } from './sagemaker-model-vpc-rule';
export type { HookFailureMode } from '../settings/hook-function';
export { SageMakerModelVpcChecks, type SageMakerModelVpcChecksProps } from './sagemaker-model-vpc-checks';
export {
  SageMakerModelVpcRuleStack,
  type SageMakerModelVpcRuleStackProps,
} from './sagemaker-model-vpc-rule-stack';
export {
  SageMakerModelVpcRuleOrganizationStack,
  type SageMakerModelVpcRuleOrganizationStackProps,
  type CallAs,
  type OrganizationSettings,
} from './sagemaker-model-vpc-rule-organization-stack';

export * from '../evaluator/index';
