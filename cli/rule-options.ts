import {
  InvalidRuleParameterError,
  parseRuleParameters,
  type RawRuleParameters,
  type RuleParameterName,
  type RuleParameters,
} from '../evaluator/rule-parameters';
import { joinRepeated, rejectEmpty } from './args';
import { UsageError } from './errors';

/** The flags that mirror the rule's InputParameters, for node:util parseArgs. */
export const RULE_PARAMETER_OPTIONS = {
  'subnet-ids': { type: 'string', multiple: true },
  'security-group-ids': { type: 'string', multiple: true },
  'require-network-isolation': { type: 'boolean' },
  'exemption-tag': { type: 'string' },
} as const;

export const RULE_PARAMETER_HELP = `Rule parameters (the same as the deployed rule's):
  --subnet-ids IDS               allow-list of subnet IDs, comma-separated or repeated
  --security-group-ids IDS       allow-list of security group IDs, comma-separated or repeated
  --require-network-isolation    also require EnableNetworkIsolation
  --exemption-tag KEY[=VALUE]    models with this tag are NOT_APPLICABLE`;

const FLAG_OF: Readonly<Record<RuleParameterName, string>> = {
  subnetIds: '--subnet-ids',
  securityGroupIds: '--security-group-ids',
  requireNetworkIsolation: '--require-network-isolation',
  exemptionTag: '--exemption-tag',
};

export interface RuleParameterFlags {
  readonly 'subnet-ids'?: string[];
  readonly 'security-group-ids'?: string[];
  readonly 'require-network-isolation'?: boolean;
  readonly 'exemption-tag'?: string;
}

export interface ResolvedRuleParameters {
  /** As AWS Config would pass them, for reports. */
  readonly raw: RawRuleParameters;
  readonly parameters: RuleParameters;
}

/**
 * Builds the parameters AWS Config would pass and validates them with the Lambda's own parser, so a
 * value the deployed rule would reject is rejected here with the same message.
 */
export function ruleParametersFromFlags(flags: RuleParameterFlags): ResolvedRuleParameters {
  // The deployed rule reads an empty parameter as "not set"; on a command line it is an unset variable.
  rejectEmpty(FLAG_OF.subnetIds, flags['subnet-ids']);
  rejectEmpty(FLAG_OF.securityGroupIds, flags['security-group-ids']);
  rejectEmpty(FLAG_OF.exemptionTag, flags['exemption-tag']);
  const subnetIds = joinRepeated(flags['subnet-ids']);
  const securityGroupIds = joinRepeated(flags['security-group-ids']);
  const raw: RawRuleParameters = {
    ...(subnetIds !== undefined && { subnetIds }),
    ...(securityGroupIds !== undefined && { securityGroupIds }),
    ...(flags['require-network-isolation'] && { requireNetworkIsolation: 'true' }),
    ...(flags['exemption-tag'] !== undefined && { exemptionTag: flags['exemption-tag'] }),
  };
  try {
    return { raw, parameters: parseRuleParameters(raw) };
  } catch (error) {
    if (!(error instanceof InvalidRuleParameterError)) throw error;
    const flag = FLAG_OF[error.parameter as RuleParameterName];
    throw new UsageError(flag ? `${error.message} (from ${flag})` : error.message);
  }
}
