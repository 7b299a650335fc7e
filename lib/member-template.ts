import { statSync } from 'node:fs';
import * as path from 'node:path';
import { App, BootstraplessSynthesizer, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { SageMakerModelVpcRuleProps } from './sagemaker-model-vpc-rule';
import { SageMakerModelVpcRuleStack } from './sagemaker-model-vpc-rule-stack';

/** The member stack's name inside the StackSet's own cloud assembly. */
export const MEMBER_STACK_ID = 'SageMakerModelVpcRuleMember';

/**
 * The largest template CloudFormation reads from S3 (TemplateURL): "1 MB", taken here as the decimal
 * megabyte, the smaller reading. A TemplateBody would allow only 51,200 bytes.
 */
export const TEMPLATE_URL_MAX_BYTES = 1_000_000;

export interface MemberTemplate {
  /** The synthesized template file, to be uploaded for the StackSet. */
  readonly file: string;
  readonly template: Record<string, unknown>;
}

/**
 * Synthesizes the rule stack users deploy by hand, with the same settings, into a template that
 * carries everything it needs: the handler inline and no CDK bootstrap resource (BootstraplessSynthesizer
 * refuses assets and adds no BootstrapVersion check), so every account and region of a StackSet can
 * deploy it as it is. Its own cdk-nag run keeps the inline variant as clean as the hand-deployed one.
 */
export function synthesizeMemberTemplate(rule: SageMakerModelVpcRuleProps, outdir: string): MemberTemplate {
  // No construct tree dump (it would hold the inline code a second time) and no CDK analytics resource.
  const app = new App({ outdir, treeMetadata: false, analyticsReporting: false });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  new SageMakerModelVpcRuleStack(app, MEMBER_STACK_ID, {
    rule: { ...rule, inlineCode: true },
    synthesizer: new BootstraplessSynthesizer(),
  });
  const artifact = app.synth().getStackByName(MEMBER_STACK_ID);
  const file = path.join(outdir, artifact.templateFile);
  const bytes = statSync(file).size;
  if (bytes > TEMPLATE_URL_MAX_BYTES) {
    throw new Error(
      `The StackSet's member template is ${bytes} bytes, over the ${TEMPLATE_URL_MAX_BYTES} bytes ` +
        'CloudFormation accepts from S3: the inline handler has grown too large',
    );
  }
  return { file, template: artifact.template as Record<string, unknown> };
}
