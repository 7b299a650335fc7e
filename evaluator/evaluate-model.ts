import { characterCount, firstCharacters, formatAnnotation } from './annotation';
import { Unresolved, type ModelFacts } from './model-facts';
import { isValidNetworkId, type NetworkIdKind } from './network-ids';
import { formatExemptionTag, type RuleParameters } from './rule-parameters';

export type ComplianceType = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE';

export interface Verdict {
  readonly compliance: ComplianceType;
  /** Why the model fails; empty unless NON_COMPLIANT. */
  readonly reasons: readonly string[];
  /** Values that could not be checked (template intrinsics); they counted as present. */
  readonly unchecked: readonly string[];
  /** One line for AWS Config, at most 256 characters. */
  readonly annotation: string;
}

interface ListCheck {
  readonly field: 'Subnets' | 'SecurityGroupIds';
  readonly kind: NetworkIdKind;
  readonly allowed: ReadonlySet<string> | undefined;
  readonly noun: string;
}

const SUBNETS: Omit<ListCheck, 'allowed'> = { field: 'Subnets', kind: 'subnet', noun: 'subnet' };
const SECURITY_GROUPS: Omit<ListCheck, 'allowed'> = {
  field: 'SecurityGroupIds',
  kind: 'securityGroup',
  noun: 'security group',
};
const MAX_SHOWN_ID_LENGTH = 40;

/** A model the rule does not judge: deleted, out of scope, not a model. */
export function notApplicableVerdict(reason: string): Verdict {
  return verdict('NOT_APPLICABLE', [], [], [reason]);
}

/**
 * Judges one model. Pure and total: any shape of facts gives a verdict, never an exception.
 */
export function evaluateModel(facts: ModelFacts, parameters: RuleParameters): Verdict {
  const exemption = parameters.exemptionTag;
  if (exemption && hasTag(facts.tags, exemption.key, exemption.value)) {
    return verdict('NOT_APPLICABLE', [], [], [`Exempted by tag ${formatExemptionTag(exemption)}`]);
  }

  const reasons: string[] = [];
  const unchecked: string[] = [];
  const vpcConfig = facts.vpcConfig;
  let counts: string[] = [];
  if (vpcConfig instanceof Unresolved) {
    unchecked.push(`VpcConfig is ${vpcConfig.expression}`);
  } else if (vpcConfig === undefined || vpcConfig === null) {
    reasons.push('VpcConfig is absent: the model is not in a VPC');
  } else if (typeof vpcConfig !== 'object' || Array.isArray(vpcConfig)) {
    reasons.push('VpcConfig is not an object');
  } else if (
    isMissing((vpcConfig as Record<string, unknown>).Subnets) &&
    isMissing((vpcConfig as Record<string, unknown>).SecurityGroupIds)
  ) {
    reasons.push('VpcConfig is empty: the model is not in a VPC');
  } else {
    const record = vpcConfig as Record<string, unknown>;
    counts = [
      checkList(record.Subnets, { ...SUBNETS, allowed: parameters.allowedSubnetIds }, reasons, unchecked),
      checkList(
        record.SecurityGroupIds,
        { ...SECURITY_GROUPS, allowed: parameters.allowedSecurityGroupIds },
        reasons,
        unchecked,
      ),
    ];
  }

  if (parameters.requireNetworkIsolation) {
    const isolation = facts.enableNetworkIsolation;
    if (isolation instanceof Unresolved) unchecked.push(`EnableNetworkIsolation is ${isolation.expression}`);
    else if (isolation !== true)
      reasons.push('EnableNetworkIsolation is not true (required by requireNetworkIsolation)');
  }

  if (reasons.length > 0) return verdict('NON_COMPLIANT', reasons, unchecked, reasons);
  const summary = counts.length > 0 ? [`VpcConfig has ${counts.join(' and ')}`] : [];
  const isolation = parameters.requireNetworkIsolation ? ['network isolation on'] : [];
  const notChecked = unchecked.length > 0 ? [`not checked statically: ${unchecked.join(', ')}`] : [];
  return verdict(
    'COMPLIANT',
    [],
    unchecked,
    [[...summary, ...isolation].join(', '), ...notChecked].filter(Boolean),
  );
}

/** Checks one ID list, records what is wrong, and returns a count such as `2 valid subnets`. */
function checkList(value: unknown, check: ListCheck, reasons: string[], unchecked: string[]): string {
  const label = `VpcConfig.${check.field}`;
  if (value instanceof Unresolved) {
    unchecked.push(`${label} is ${value.expression}`);
    return `${check.noun}s from ${value.expression}`;
  }
  if (isMissing(value)) {
    reasons.push(`${label} is absent`);
    return '';
  }
  if (!Array.isArray(value)) {
    reasons.push(`${label} is not a list`);
    return '';
  }
  if (value.length === 0) {
    reasons.push(`${label} is empty`);
    return '';
  }
  const invalid: string[] = [];
  const notAllowed: string[] = [];
  for (const entry of value) {
    if (entry instanceof Unresolved) unchecked.push(`a ${check.noun} is ${entry.expression}`);
    else if (!isValidNetworkId(check.kind, entry)) invalid.push(showId(entry));
    else if (check.allowed && !check.allowed.has(entry)) notAllowed.push(entry);
  }
  if (invalid.length > 0) reasons.push(`${label} has invalid ${check.noun} IDs: ${invalid.join(', ')}`);
  if (notAllowed.length > 0) reasons.push(`${check.noun}s not in the allow-list: ${notAllowed.join(', ')}`);
  const plural = value.length === 1 ? check.noun : `${check.noun}s`;
  return `${value.length} ${plural}`;
}

function isMissing(value: unknown): boolean {
  return value === undefined || value === null;
}

function hasTag(tags: ModelFacts['tags'], key: string, value: string | undefined): boolean {
  if (tags === undefined || tags === null || typeof tags !== 'object') return false;
  if (!Object.prototype.hasOwnProperty.call(tags, key)) return false;
  return value === undefined || tags[key] === value;
}

function showId(entry: unknown): string {
  if (typeof entry !== 'string') return `(${entry === null ? 'null' : typeof entry})`;
  const shown =
    characterCount(entry) > MAX_SHOWN_ID_LENGTH ? `${firstCharacters(entry, MAX_SHOWN_ID_LENGTH)}…` : entry;
  return `'${shown}'`;
}

function verdict(
  compliance: ComplianceType,
  reasons: readonly string[],
  unchecked: readonly string[],
  lines: readonly string[],
): Verdict {
  return { compliance, reasons, unchecked, annotation: formatAnnotation(lines) };
}
