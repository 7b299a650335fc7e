import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ruleSettingsFromContext } from './rule-context';
import { organizationSettingsFromContext } from './organization-context';
import { SageMakerModelVpcRuleOrganizationStack } from '../lib/sagemaker-model-vpc-rule-organization-stack';
import { SageMakerModelVpcRuleStack } from '../lib/sagemaker-model-vpc-rule-stack';

export const STACK_ID = 'SageMakerModelVpcRule';
export const ORGANIZATION_STACK_ID = 'SageMakerModelVpcRuleOrganization';

export interface RuleApp {
  readonly app: App;
  /** The rule stack for one account and region, deployed by hand. */
  readonly stack: SageMakerModelVpcRuleStack;
  /** Only with `-c organizationalUnitIds=...`: the StackSet that deploys `stack` across the organisation. */
  readonly organizationStack?: SageMakerModelVpcRuleOrganizationStack;
}

/**
 * The CDK app, configured from context and checked by cdk-nag. The organisation stack joins only when
 * OUs are given, so a plain `cdk deploy` still deploys the one rule stack; with both, the CLI asks
 * which stack to deploy.
 */
export function buildApp(props?: AppProps): RuleApp {
  const app = checkedApp(props);
  const rule = ruleSettingsFromContext(app.node);
  const stack = new SageMakerModelVpcRuleStack(app, STACK_ID, { rule });
  const organization = organizationSettingsFromContext(app.node);
  if (!organization) return { app, stack };
  const organizationStack = new SageMakerModelVpcRuleOrganizationStack(app, ORGANIZATION_STACK_ID, {
    organization,
    rule,
  });
  return { app, stack, organizationStack };
}

/**
 * A CDK app checked by cdk-nag's AwsSolutions pack on synth: any unacknowledged finding stops synth
 * (and so deploy); acknowledgements sit next to what they excuse.
 */
export function checkedApp(props?: AppProps): App {
  const app = new App(props);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app;
}
