import { Annotations, Stack, type IAspect } from 'aws-cdk-lib';
import { CfnModel } from 'aws-cdk-lib/aws-sagemaker';
import type { IConstruct } from 'constructs';
import { evaluateModelResource, TemplateShapeError } from '../evaluator/adapters/cloudformation-resource';
import type { Verdict } from '../evaluator/evaluate-model';
import { isPlainObject } from '../evaluator/model-facts';
import type { RuleParameters } from '../evaluator/rule-parameters';
import { synthTimeRuleParameters, type SageMakerModelVpcRuleParameters } from './rule-parameter-props';

/** The rule's parameters (the same props as `SageMakerModelVpcRule`), and how findings are reported. */
export interface SageMakerModelVpcChecksProps extends SageMakerModelVpcRuleParameters {
  /**
   * `error` fails `cdk synth`; `warning` only reports (and fails `cdk synth --strict`).
   *
   * @default 'error'
   */
  readonly level?: 'error' | 'warning';
}

/**
 * Judges every SageMaker `CfnModel` at synth time with the AWS Config rule's own evaluator and
 * parameters, and annotates the ones the rule would find non-compliant. Values that are tokens (a
 * `Ref` to a subnet in the same app, an import) cannot be checked before deployment and count as
 * present; every branch of an `Fn.conditionIf` is judged.
 *
 * It judges the resource as the template will hold it, escape-hatch overrides
 * (`addPropertyOverride`, `addPropertyDeletionOverride`, `addOverride`) included.
 *
 * @example Aspects.of(app).add(new SageMakerModelVpcChecks({ subnetIds: ['subnet-0123456789abcdef0'] }));
 */
export class SageMakerModelVpcChecks implements IAspect {
  private readonly parameters: RuleParameters;
  private readonly level: 'error' | 'warning';

  constructor(props: SageMakerModelVpcChecksProps = {}) {
    const level = props.level ?? 'error';
    if (level !== 'error' && level !== 'warning') {
      throw new Error(`SageMakerModelVpcChecks: level must be 'error' or 'warning', got '${String(level)}'`);
    }
    this.level = level;
    this.parameters = synthTimeRuleParameters(props, 'SageMakerModelVpcChecks');
  }

  /**
   * Judges at validation time, after every Aspect has run: tags added with `Tags.of(...)` (an Aspect
   * too, which may run after this one) can then exempt the model.
   */
  visit(node: IConstruct): void {
    if (!CfnModel.isCfnModel(node)) return;
    node.node.addValidation({
      validate: () => {
        this.annotate(node);
        return [];
      },
    });
  }

  private annotate(model: CfnModel): void {
    const problems = this.problemsOf(model);
    if (problems.length === 0) return;
    const message = `SageMaker model ${model.node.path} is not confined to a VPC: ${problems.join('; ')}`;
    if (this.level === 'error') Annotations.of(model).addError(message);
    else Annotations.of(model).addWarning(message);
  }

  private problemsOf(model: CfnModel): readonly string[] {
    let verdict: Verdict;
    try {
      verdict = evaluateModelResource(templateResource(model), this.parameters);
    } catch (error) {
      if (!(error instanceof TemplateShapeError)) throw error;
      return [`could not be checked: ${error.message}`];
    }
    if (verdict.compliance !== 'NON_COMPLIANT') return [];
    const unchecked =
      verdict.unchecked.length > 0 ? [`not checked statically: ${verdict.unchecked.join(', ')}`] : [];
    return [...verdict.reasons, ...unchecked];
  }
}

/**
 * The model as its template will hold it: properties, overrides and `Condition`, tokens resolved to
 * intrinsics (`{ Ref: ... }`), which the CloudFormation adapter treats as unresolved values. CDK
 * offers no public way to render one resource; `_toCloudFormation` is what synthesis itself calls.
 */
function templateResource(model: CfnModel): Record<string, unknown> {
  const stack = Stack.of(model);
  const rendered: unknown = stack.resolve(
    (model as unknown as { _toCloudFormation(): object })._toCloudFormation(),
  );
  const resources = isPlainObject(rendered) ? rendered.Resources : undefined;
  const resource = isPlainObject(resources) ? resources[stack.resolve(model.logicalId) as string] : undefined;
  if (!isPlainObject(resource))
    throw new TemplateShapeError('the model did not render as a template resource');
  return resource;
}
