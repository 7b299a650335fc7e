import * as config from 'aws-cdk-lib/aws-config';
import type { ConfigMessageType } from '../settings/rule-function';
import { MODEL_RESOURCE_TYPE } from '../evaluator/model-facts';
import {
  parseRuleParameters,
  RULE_PARAMETER_NAMES,
  type RuleParameterName,
} from '../evaluator/rule-parameters';

/** Distinct from the name the managed rule SAGEMAKER_MODEL_IN_VPC gets, so both can run side by side. */
export const DEFAULT_RULE_NAME = 'sagemaker-model-vpc-configured';
export const RULE_DESCRIPTION =
  'Checks that every Amazon SageMaker model runs in a VPC: VpcConfig with valid, non-empty Subnets and SecurityGroupIds.';
export const RULE_SCOPE_RESOURCE_TYPES: readonly string[] = [MODEL_RESOURCE_TYPE];

/** The values AWS Config accepts for MaximumExecutionFrequency, shortest first. */
export const EXECUTION_FREQUENCIES: readonly config.MaximumExecutionFrequency[] = Object.values(
  config.MaximumExecutionFrequency,
);
export const DEFAULT_EXECUTION_FREQUENCY = config.MaximumExecutionFrequency.TWENTY_FOUR_HOURS;

/** The longest name AWS Config accepts for a rule. */
const MAX_RULE_NAME_LENGTH = 128;

export interface RuleSourceDetail {
  readonly eventSource: 'aws.config';
  readonly messageType: ConfigMessageType;
  readonly maximumExecutionFrequency?: config.MaximumExecutionFrequency;
}

/**
 * Both change notifications (a large configuration item arrives only as the oversized one) and the
 * periodic sweep, which catches models created before the rule and clears results of deleted ones.
 */
export function ruleSourceDetails(frequency: config.MaximumExecutionFrequency): RuleSourceDetail[] {
  return [
    { eventSource: 'aws.config', messageType: 'ConfigurationItemChangeNotification' },
    { eventSource: 'aws.config', messageType: 'OversizedConfigurationItemChangeNotification' },
    { eventSource: 'aws.config', messageType: 'ScheduledNotification', maximumExecutionFrequency: frequency },
  ];
}

export type RuleInputParameters = Partial<Record<RuleParameterName, string>>;

/**
 * Validates raw rule parameters with the Lambda's own parser, so a bad value fails at synth time with
 * the message the Lambda would log, and returns only those that carry a value: Config would store an
 * empty string as a parameter and a conformance pack rejects one.
 */
export function ruleInputParameters(raw: Readonly<Record<string, unknown>>): RuleInputParameters {
  parseRuleParameters(raw);
  const present: RuleInputParameters = {};
  for (const name of RULE_PARAMETER_NAMES) {
    const value = raw[name];
    if (typeof value === 'string' && value.trim() !== '') present[name] = value.trim();
  }
  return present;
}

export function checkExecutionFrequency(value: string): config.MaximumExecutionFrequency {
  const known = EXECUTION_FREQUENCIES.find((frequency) => String(frequency) === value);
  if (!known) {
    throw new Error(`maximumExecutionFrequency '${value}' is not one of ${EXECUTION_FREQUENCIES.join(', ')}`);
  }
  return known;
}

/** `label` names the setting as the user wrote it: the construct's prop or the context key. */
export function checkRuleName(value: string, label: string): string {
  if (value.trim() === '' || value.length > MAX_RULE_NAME_LENGTH || value.trim() !== value) {
    throw new Error(
      `${label} '${value}' must be 1 to ${MAX_RULE_NAME_LENGTH} characters without leading or trailing spaces`,
    );
  }
  return value;
}
