import type * as config from 'aws-cdk-lib/aws-config';
import { stringify } from 'yaml';
import { LAMBDA_FUNCTION_ARN } from '../aws/names';
import { RULE_PARAMETER_NAMES, type RuleParameterName } from '../evaluator/rule-parameters';
import {
  RULE_DESCRIPTION,
  RULE_SCOPE_RESOURCE_TYPES,
  ruleSourceDetails,
  type RuleInputParameters,
} from './rule-definition';

/** The pack parameter that carries the rule function's ARN into the rule's SourceIdentifier. */
export const FUNCTION_ARN_PARAMETER = 'RuleFunctionArn';
export const DEFAULT_CONFORMANCE_PACK_NAME = 'sagemaker-model-vpc';
/** Logical ID of the rule inside the pack template. */
export const PACK_RULE_LOGICAL_ID = 'SageMakerModelVpcConfigured';

const PACK_PARAMETER_NAMES: Readonly<Record<RuleParameterName, string>> = {
  subnetIds: 'SubnetIds',
  securityGroupIds: 'SecurityGroupIds',
  requireNetworkIsolation: 'RequireNetworkIsolation',
  exemptionTag: 'ExemptionTag',
};

export interface ConformancePackOptions {
  readonly ruleName: string;
  readonly maximumExecutionFrequency: config.MaximumExecutionFrequency;
  /**
   * Validated parameters that carry a value (see ruleInputParameters). Each becomes a pack parameter
   * defaulting to that value; unset ones are left out because a pack parameter cannot be empty.
   */
  readonly inputParameters: RuleInputParameters;
  /** Default for RuleFunctionArn; without it the ARN must be passed when the pack is deployed. */
  readonly functionArn?: string;
}

type Template = Record<string, unknown>;

export function checkFunctionArn(value: string): string {
  if (!LAMBDA_FUNCTION_ARN.test(value)) {
    throw new Error(
      `'${value}' is not a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>); ` +
        'use the FunctionArn output of the deployed stack',
    );
  }
  return value;
}

/** A conformance pack template holding the rule, in CloudFormation's shape. */
export function conformancePackTemplate(options: ConformancePackOptions): Template {
  const parameters: Template = {
    [FUNCTION_ARN_PARAMETER]: {
      Type: 'String',
      Description: 'ARN of the deployed rule function (the FunctionArn output of the CDK stack)',
      ...(options.functionArn !== undefined && { Default: checkFunctionArn(options.functionArn) }),
    },
  };
  const inputParameters: Template = {};
  for (const name of RULE_PARAMETER_NAMES) {
    const value = options.inputParameters[name];
    if (value === undefined) continue;
    parameters[PACK_PARAMETER_NAMES[name]] = { Type: 'String', Default: value };
    inputParameters[name] = { Ref: PACK_PARAMETER_NAMES[name] };
  }
  return {
    Parameters: parameters,
    Resources: {
      [PACK_RULE_LOGICAL_ID]: {
        Type: 'AWS::Config::ConfigRule',
        Properties: {
          ConfigRuleName: options.ruleName,
          Description: RULE_DESCRIPTION,
          Scope: { ComplianceResourceTypes: RULE_SCOPE_RESOURCE_TYPES },
          Source: {
            Owner: 'CUSTOM_LAMBDA',
            SourceIdentifier: { Ref: FUNCTION_ARN_PARAMETER },
            SourceDetails: ruleSourceDetails(options.maximumExecutionFrequency).map((detail) => ({
              EventSource: detail.eventSource,
              MessageType: detail.messageType,
              ...(detail.maximumExecutionFrequency && {
                MaximumExecutionFrequency: detail.maximumExecutionFrequency,
              }),
            })),
          },
          ...(Object.keys(inputParameters).length > 0 && { InputParameters: inputParameters }),
        },
      },
    },
  };
}

export function conformancePackTemplateYaml(options: ConformancePackOptions): string {
  return stringify(conformancePackTemplate(options), { lineWidth: 0 });
}
