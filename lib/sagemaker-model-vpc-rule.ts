import * as config from 'aws-cdk-lib/aws-config';
import type * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import {
  conformancePackTemplateYaml,
  DEFAULT_CONFORMANCE_PACK_NAME,
  FUNCTION_ARN_PARAMETER,
} from './conformance-pack';
import {
  checkRuleName,
  DEFAULT_EXECUTION_FREQUENCY,
  DEFAULT_RULE_NAME,
  RULE_DESCRIPTION,
  RULE_SCOPE_RESOURCE_TYPES,
  ruleSourceDetails,
  type RuleInputParameters,
} from './rule-definition';
import { RuleFunction, type RuleFunctionProps } from './rule-function';
import { ruleInputParametersOf, type SageMakerModelVpcRuleParameters } from './rule-parameter-props';
import { SageMakerModelVpcHook, type SageMakerModelVpcHookProps } from './sagemaker-model-vpc-hook';

/** The hook's own settings; its rule parameters, code form, log retention and alarm topic are the rule's. */
export type PreventionHookSettings = Pick<SageMakerModelVpcHookProps, 'failureMode' | 'alias'>;

/**
 * A standalone AWS::Config::ConfigRule, the same rule inside an AWS::Config::ConformancePack, or only
 * the function, for a conformance pack put outside this stack (npm run conformance-pack).
 */
export type RuleDeployment = 'rule' | 'conformancePack' | 'functionOnly';

export interface SageMakerModelVpcRuleProps extends RuleFunctionProps, SageMakerModelVpcRuleParameters {
  /**
   * The name of the AWS Config rule.
   *
   * @default 'sagemaker-model-vpc-configured' (the managed rule SAGEMAKER_MODEL_IN_VPC can run beside it)
   */
  readonly configRuleName?: string;

  /**
   * How often the periodic sweep judges every model, catching models created before the rule and
   * clearing the results of deleted ones. Changes are judged as they happen whatever this says.
   *
   * @default MaximumExecutionFrequency.TWENTY_FOUR_HOURS
   */
  readonly maximumExecutionFrequency?: config.MaximumExecutionFrequency;

  /**
   * A standalone rule, the rule inside a conformance pack, or only the function, for a conformance
   * pack put outside this stack (`npm run conformance-pack`).
   *
   * @default 'rule'
   */
  readonly deployAs?: RuleDeployment;

  /**
   * The conformance pack's name; only with `deployAs: 'conformancePack'`.
   *
   * @default 'sagemaker-model-vpc'
   */
  readonly conformancePackName?: string;
  /**
   * Also deploy the CloudFormation hook that stops a non-compliant model before CloudFormation or the
   * Cloud Control API creates it, judging with the rule's parameters. @default no hook
   */
  readonly preventionHook?: PreventionHookSettings;
}

/**
 * The AWS Config custom rule that keeps SageMaker models in a VPC: the rule function and the rule,
 * triggered by configuration changes and by a periodic sweep, and optionally the hook that prevents
 * what the rule detects.
 */
export class SageMakerModelVpcRule extends Construct {
  readonly ruleFunction: RuleFunction;
  /**
   * The rule, for `onComplianceChange()` and the other EventBridge helpers of `aws-config`. Set when
   * deployed as a standalone rule (the default): a conformance pack names its rules itself, and
   * `deployAs: 'functionOnly'` creates none.
   */
  readonly rule?: config.IRule;
  /** Set when deployed as a standalone rule (the default). */
  readonly configRule?: config.CfnConfigRule;
  /** Set when deployed inside a conformance pack. */
  readonly conformancePack?: config.CfnConformancePack;
  /** Set with the preventionHook setting. */
  readonly preventionHook?: SageMakerModelVpcHook;

  constructor(scope: Construct, id: string, props: SageMakerModelVpcRuleProps = {}) {
    super(scope, id);
    const ruleName = checkRuleName(props.configRuleName ?? DEFAULT_RULE_NAME, 'configRuleName');
    const frequency = props.maximumExecutionFrequency ?? DEFAULT_EXECUTION_FREQUENCY;
    const inputParameters = ruleInputParametersOf(props);
    checkSettingsApply(props, inputParameters);

    this.ruleFunction = new RuleFunction(this, 'RuleFunction', props);
    const functionArn = this.ruleFunction.function.functionArn;
    if (props.preventionHook) {
      this.preventionHook = new SageMakerModelVpcHook(this, 'PreventionHook', {
        ...props.preventionHook,
        // The rule's own props: every rule parameter, including any added later, reaches the hook.
        ruleParameters: props,
        inlineCode: props.inlineCode,
        logRetention: props.logRetention,
        alarmTopicArn: props.alarmTopicArn,
      });
    }

    if (props.deployAs === 'functionOnly') return;
    if (props.deployAs === 'conformancePack') {
      this.conformancePack = new config.CfnConformancePack(this, 'ConformancePack', {
        conformancePackName: props.conformancePackName ?? DEFAULT_CONFORMANCE_PACK_NAME,
        templateBody: conformancePackTemplateYaml({
          ruleName,
          maximumExecutionFrequency: frequency,
          inputParameters,
        }),
        conformancePackInputParameters: [
          { parameterName: FUNCTION_ARN_PARAMETER, parameterValue: functionArn },
        ],
      });
      this.conformancePack.addResourceDependency(this.ruleFunction.invokePermission);
      return;
    }

    // CfnConfigRule rather than config.CustomRule: CustomRule attaches the AWS managed policy
    // AWSConfigRulesExecutionRole and grants the invoke permission without a SourceArn.
    this.configRule = new config.CfnConfigRule(this, 'ConfigRule', {
      configRuleName: ruleName,
      description: RULE_DESCRIPTION,
      scope: { complianceResourceTypes: [...RULE_SCOPE_RESOURCE_TYPES] },
      source: {
        owner: 'CUSTOM_LAMBDA',
        sourceIdentifier: functionArn,
        sourceDetails: ruleSourceDetails(frequency),
      },
      inputParameters: Object.keys(inputParameters).length > 0 ? inputParameters : undefined,
    });
    this.configRule.addResourceDependency(this.ruleFunction.invokePermission);
    // The rule's own Ref, so that event rules made from it depend on it.
    this.rule = config.CustomRule.fromConfigRuleName(this, 'Rule', this.configRule.ref);
  }

  /**
   * An EventBridge rule on the rule's compliance changes, as `aws-config`'s `IRule.onComplianceChange()`.
   * Throws where there is no standalone rule (`deployAs` conformancePack or functionOnly) rather than
   * create no alert: a conformance pack names its rules itself.
   */
  onComplianceChange(id: string, options?: events.OnEventOptions): events.Rule {
    if (this.rule === undefined) {
      throw new Error(
        'onComplianceChange() needs the standalone rule (deployAs: rule): a conformance pack names its ' +
          "rules itself, and deployAs 'functionOnly' creates none",
      );
    }
    return this.rule.onComplianceChange(id, options);
  }
}

/** Refuses settings the chosen deployment would silently ignore. */
function checkSettingsApply(props: SageMakerModelVpcRuleProps, inputParameters: RuleInputParameters): void {
  if (props.conformancePackName !== undefined && props.deployAs !== 'conformancePack') {
    throw new Error("conformancePackName applies only with deployAs 'conformancePack'");
  }
  if (props.deployAs !== 'functionOnly') return;
  if (props.preventionHook) {
    throw new Error(
      "preventionHook judges with the rule's parameters, which deployAs 'functionOnly' leaves to " +
        'npm run conformance-pack: deploy the hook with deployAs rule or conformancePack',
    );
  }
  const ruleSettings = [
    ...(props.configRuleName !== undefined ? ['configRuleName'] : []),
    ...(props.maximumExecutionFrequency !== undefined ? ['maximumExecutionFrequency'] : []),
    ...Object.keys(inputParameters),
  ];
  if (ruleSettings.length > 0) {
    throw new Error(
      `${ruleSettings.join(', ')} would be ignored with deployAs 'functionOnly': ` +
        'give the rule settings to npm run conformance-pack instead',
    );
  }
}
