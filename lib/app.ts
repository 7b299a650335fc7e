import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ruleSettingsFromContext } from './app-context';
import { SageMakerModelVpcRuleStack } from './sagemaker-model-vpc-rule-stack';

export const STACK_ID = 'SageMakerModelVpcRule';

/**
 * The CDK app: the rule stack configured from context, checked by cdk-nag's AwsSolutions pack. Any
 * unacknowledged finding stops synth (and so deploy); acknowledgements sit next to what they excuse.
 */
export function buildApp(props?: AppProps): { app: App; stack: SageMakerModelVpcRuleStack } {
  const app = new App(props);
  const stack = new SageMakerModelVpcRuleStack(app, STACK_ID, { rule: ruleSettingsFromContext(app.node) });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
