import { characterCount } from '../evaluator/annotation';
import { iamWildcardPatterns, type NetworkIdKind } from '../evaluator/network-ids';
import type { ExemptionTag, RuleParameters } from '../evaluator/rule-parameters';
import { principalArnPatternProblem } from '../aws/names';

/**
 * The rule's parameters expressed as IAM deny statements on `sagemaker:CreateModel`: the same control,
 * enforced before a model exists. IAM sees only what the request carries (docs/prevention.md says what
 * it cannot check), so this is the preventive half of the rule, never a replacement for it.
 */

export type PolicyFormat = 'scp' | 'boundary';
export const POLICY_FORMATS: readonly PolicyFormat[] = ['scp', 'boundary'];

type ConditionBlock = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | readonly string[];
  readonly Resource: string;
  readonly Condition?: ConditionBlock;
}

export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatement[];
}

export interface PreventivePolicyOptions {
  /**
   * `aws:PrincipalArn` patterns (IAM wildcards `*` and `?`) the denies do not apply to, such as a
   * break-glass role. SCP only: a permissions boundary binds only the principal it is attached to.
   */
  readonly exemptPrincipalArns?: readonly string[];
}

/**
 * AWS Organizations' limit for an SCP. The CloudFormation reference of AWS::Organizations::Policy gives
 * it as 5,120 bytes, not characters; counting the UTF-8 bytes of the minified text (the text this
 * project submits) satisfies either reading.
 */
export const SCP_MAX_BYTES = 5120;
/** IAM's limit for a managed policy, counted without whitespace (the text here has none). */
export const MANAGED_POLICY_MAX_CHARACTERS = 6144;

export class PolicyTooLargeError extends Error {
  constructor(what: string, size: string, limit: string) {
    super(
      `The ${what} is ${size}, over the ${limit} AWS accepts: shorten the allow-lists or the exempt principals, ` +
        'or enforce the longer lists with the CloudFormation hook and the rule instead',
    );
    this.name = 'PolicyTooLargeError';
  }
}

export class InvalidPolicyOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidPolicyOptionError';
  }
}

const CREATE_MODEL = 'sagemaker:CreateModel';
const SUBNETS_KEY = 'sagemaker:VpcSubnets';
const SECURITY_GROUPS_KEY = 'sagemaker:VpcSecurityGroupIds';
const NETWORK_ISOLATION_KEY = 'sagemaker:NetworkIsolation';

const MAX_PRINCIPAL_ARN_LENGTH = 2048;

interface DenyReason {
  readonly sid: string;
  readonly condition: ConditionBlock;
}

/**
 * One deny statement per way a request can break the rule, each named by its Sid. IAM ANDs everything
 * inside one statement, so "either list absent" takes two statements, not one.
 */
function preventiveStatements(
  parameters: RuleParameters,
  options: PreventivePolicyOptions = {},
): PolicyStatement[] {
  const reasons: DenyReason[] = [
    { sid: 'DenyModelWithoutSubnets', condition: { Null: { [SUBNETS_KEY]: 'true' } } },
    { sid: 'DenyModelWithoutSecurityGroups', condition: { Null: { [SECURITY_GROUPS_KEY]: 'true' } } },
    listReason('Subnets', SUBNETS_KEY, 'subnet', parameters.allowedSubnetIds),
    listReason('SecurityGroups', SECURITY_GROUPS_KEY, 'securityGroup', parameters.allowedSecurityGroupIds),
    ...(parameters.requireNetworkIsolation
      ? [
          {
            sid: 'DenyModelWithoutNetworkIsolation',
            // Absent means false (SageMaker's default), and BoolIfExists is true for an absent key.
            condition: { BoolIfExists: { [NETWORK_ISOLATION_KEY]: 'false' } },
          },
        ]
      : []),
  ];
  const exceptions = exceptionConditions(parameters.exemptionTag, options.exemptPrincipalArns ?? []);
  return reasons.map(({ sid, condition }) => ({
    Sid: sid,
    Effect: 'Deny',
    Action: CREATE_MODEL,
    Resource: '*',
    Condition: mergeConditions(condition, exceptions),
  }));
}

/**
 * With an allow-list, any ID outside it is denied, which also covers malformed IDs (every listed ID is
 * well formed); without one, any ID of the wrong shape is. For a negated operator with several values,
 * IAM requires the request value to match none of them; ForAnyValue denies when any one ID does.
 */
function listReason(
  noun: string,
  key: string,
  kind: NetworkIdKind,
  allowed: ReadonlySet<string> | undefined,
): DenyReason {
  if (allowed !== undefined) {
    return {
      sid: `Deny${noun}OutsideAllowList`,
      condition: { 'ForAnyValue:StringNotEquals': { [key]: [...allowed].sort() } },
    };
  }
  return {
    sid: `DenyMalformed${noun}`,
    condition: { 'ForAnyValue:StringNotLike': { [key]: iamWildcardPatterns(kind) } },
  };
}

/**
 * The rule's exemption tag, as the request carries it (`aws:RequestTag/key`), and the exempt principals.
 * A negated operator is true when the key is absent, so an untagged request is still denied.
 */
function exceptionConditions(tag: ExemptionTag | undefined, principals: readonly string[]): ConditionBlock {
  principals.forEach(checkPrincipalArnPattern);
  const block: Record<string, Record<string, string | string[]>> = {};
  if (tag !== undefined) {
    const key = `aws:RequestTag/${tag.key}`;
    if (tag.value === undefined) block.Null = { [key]: 'true' };
    else if (tag.value === '') throw emptyExemptionValueError(tag.key);
    else block.StringNotEquals = { [key]: escapePolicyVariables(tag.value) };
  }
  if (principals.length > 0) block.ArnNotLike = { 'aws:PrincipalArn': [...new Set(principals)].sort() };
  return block;
}

function checkPrincipalArnPattern(pattern: string): void {
  // The pattern's characters leave no room for `${`, which IAM would read as a policy variable.
  const problem = principalArnPatternProblem(pattern);
  if (problem === 'matches everyone') {
    throw new InvalidPolicyOptionError(
      `exempt principal '${pattern}' matches every role or user, which would exempt everyone: name them`,
    );
  }
  if (problem !== undefined || characterCount(pattern) > MAX_PRINCIPAL_ARN_LENGTH) {
    throw new InvalidPolicyOptionError(
      `exempt principal '${pattern}' is not an IAM principal ARN pattern such as arn:aws:iam::123456789012:role/break-glass ` +
        '(wildcards * and ? allowed)',
    );
  }
}

/** Merges two condition blocks: IAM ANDs keys under one operator just as it ANDs operators. */
function mergeConditions(first: ConditionBlock, second: ConditionBlock): ConditionBlock {
  const merged: Record<string, Record<string, string | readonly string[]>> = {};
  for (const [operator, keys] of [...Object.entries(first), ...Object.entries(second)]) {
    merged[operator] = { ...merged[operator], ...keys };
  }
  return merged;
}

/**
 * `key=` exempts, for the evaluator, only a tag whose value is exactly empty. IAM documents no empty
 * condition value, and `Null` would exempt any value, so no documented condition says what the rule
 * means: the policy is refused rather than written to disagree with the rule, or to be refused by AWS.
 */
function emptyExemptionValueError(key: string): InvalidPolicyOptionError {
  return new InvalidPolicyOptionError(
    `the exemption tag '${key}=' exempts only a model whose ${key} tag is empty, and IAM documents no ` +
      `empty condition value to match that with: give the tag a value (${key}=approved), or name the key ` +
      `alone (${key}) to exempt any value`,
  );
}

/** In policy version 2012-10-17, `${...}` is a policy variable; `${$}` is a literal `$`. */
function escapePolicyVariables(value: string): string {
  return value.replaceAll('$', '${$}');
}

/** The service control policy for the target OUs; its size is checked against the SCP limit. */
export function serviceControlPolicy(
  parameters: RuleParameters,
  options: PreventivePolicyOptions = {},
): PolicyDocument {
  const document = policyDocument(preventiveStatements(parameters, options));
  const bytes = new TextEncoder().encode(policyText(document)).length;
  if (bytes > SCP_MAX_BYTES) {
    throw new PolicyTooLargeError('service control policy', `${bytes} bytes`, `${SCP_MAX_BYTES} bytes`);
  }
  return document;
}

/**
 * The same denies as a permissions boundary, for an account outside an organisation. A boundary is the
 * most a principal may do, so without an Allow it would deny everything: the first statement allows
 * all that the principal's own policies grant, the denies then carve the rule out of it.
 */
export function permissionsBoundaryPolicy(
  parameters: RuleParameters,
  options: PreventivePolicyOptions = {},
): PolicyDocument {
  if ((options.exemptPrincipalArns ?? []).length > 0) {
    throw new InvalidPolicyOptionError(
      'exempt principals apply only to the SCP: a permissions boundary binds only the principals it is ' +
        'attached to, so leave it off the principals to exempt',
    );
  }
  const document = policyDocument([
    { Sid: 'AllowWhatIdentityPoliciesGrant', Effect: 'Allow', Action: '*', Resource: '*' },
    ...preventiveStatements(parameters),
  ]);
  const characters = characterCount(policyText(document));
  if (characters > MANAGED_POLICY_MAX_CHARACTERS) {
    throw new PolicyTooLargeError(
      'permissions boundary policy',
      `${characters} characters`,
      `${MANAGED_POLICY_MAX_CHARACTERS} characters of a managed policy`,
    );
  }
  return document;
}

export function preventivePolicy(
  format: PolicyFormat,
  parameters: RuleParameters,
  options: PreventivePolicyOptions = {},
): PolicyDocument {
  return format === 'scp'
    ? serviceControlPolicy(parameters, options)
    : permissionsBoundaryPolicy(parameters, options);
}

/** The policy as AWS stores it: minified, so its size is what the limits count. */
export function policyText(document: PolicyDocument): string {
  return JSON.stringify(document);
}

function policyDocument(statements: readonly PolicyStatement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}
