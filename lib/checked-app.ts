import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

/**
 * A CDK app checked by cdk-nag's AwsSolutions pack on synth: any unacknowledged finding stops synth
 * (and so deploy); acknowledgements sit next to what they excuse.
 */
export function checkedApp(props?: AppProps): App {
  const app = new App(props);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app;
}
