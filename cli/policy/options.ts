import { POLICY_FORMATS, type PolicyFormat } from '../../policy/iam-policy';
import { oneOf, parseCommandArgs, rejectEmpty } from '../args';
import {
  RULE_PARAMETER_HELP,
  RULE_PARAMETER_OPTIONS,
  ruleParametersFromFlags,
  type ResolvedRuleParameters,
} from '../rule-options';

export const POLICY_HELP = `Usage: sagemaker-model-vpc policy [options]

Prints the rule's parameters as an IAM policy that denies sagemaker:CreateModel for a model the rule
would judge NON_COMPLIANT: without subnets or security groups, with one outside the allow-lists or not
of the subnet-/sg- shape, or without network isolation when it is required. A CreateModel request that
carries the exemption tag is not denied. IAM checks an ID's prefix and length but not that its
characters are lowercase hex digits: the rule still catches those (docs/prevention.md).

Where:
  --format FORMAT                scp (default): a service control policy for AWS Organizations
                                 boundary: the same denies as a permissions boundary, for one account
  --exempt-principal ARN         a principal ARN pattern (wildcards * and ?) the SCP does not apply to,
                                 such as arn:aws:iam::111122223333:role/break-glass (pin the
                                 account: * there exempts that name in every account); repeatable;
                                 SCP only

${RULE_PARAMETER_HELP}

Output: the policy JSON, indented on a terminal, minified when piped (the text whose size was checked
against the limit: 5,120 bytes for an SCP, 6,144 characters for a managed policy).

Exit codes: 0 printed, 2 a usage error or a policy over the size limit.
`;

const POLICY_OPTIONS = {
  format: { type: 'string' },
  'exempt-principal': { type: 'string', multiple: true },
  ...RULE_PARAMETER_OPTIONS,
  help: { type: 'boolean', short: 'h' },
} as const;

export type PolicyOptions =
  | { readonly help: true }
  | {
      readonly help: false;
      readonly format: PolicyFormat;
      readonly exemptPrincipalArns: readonly string[];
      readonly rule: ResolvedRuleParameters;
    };

export function parsePolicyOptions(args: readonly string[]): PolicyOptions {
  const values = parseCommandArgs('policy', args, POLICY_OPTIONS);
  if (values.help) return { help: true };
  const exemptPrincipalArns = values['exempt-principal'] ?? [];
  rejectEmpty('--exempt-principal', exemptPrincipalArns);
  return {
    help: false,
    format: values.format === undefined ? 'scp' : oneOf('--format', values.format, POLICY_FORMATS),
    exemptPrincipalArns,
    rule: ruleParametersFromFlags(values),
  };
}
