import { characterCount } from './annotation';
import { parseJsonText } from './model-facts';
import { describeExpectedFormat, isValidNetworkId, type NetworkIdKind } from './network-ids';

/** The rule's parameters once validated; every field is optional in AWS Config. */
export interface RuleParameters {
  readonly allowedSubnetIds?: ReadonlySet<string>;
  readonly allowedSecurityGroupIds?: ReadonlySet<string>;
  readonly requireNetworkIsolation: boolean;
  readonly exemptionTag?: ExemptionTag;
}

/** A tag that exempts a model; without `value`, any value of `key` exempts. */
export interface ExemptionTag {
  readonly key: string;
  readonly value?: string;
}

/** The InputParameters names, exactly as AWS Config passes them. */
export const RULE_PARAMETER_NAMES = [
  'subnetIds',
  'securityGroupIds',
  'requireNetworkIsolation',
  'exemptionTag',
] as const;
export type RuleParameterName = (typeof RULE_PARAMETER_NAMES)[number];
export type RawRuleParameters = Partial<Record<RuleParameterName, string>>;

export class InvalidRuleParameterError extends Error {
  constructor(
    readonly parameter: string,
    reason: string,
  ) {
    super(`Invalid rule parameter ${parameter}: ${reason}`);
    this.name = 'InvalidRuleParameterError';
  }
}

export const DEFAULT_RULE_PARAMETERS: RuleParameters = { requireNetworkIsolation: false };

/** Parses the `ruleParameters` string of a Config event (absent or empty means defaults). */
export function parseRuleParametersJson(json: string | undefined): RuleParameters {
  if (json === undefined || json.trim() === '') return DEFAULT_RULE_PARAMETERS;
  let parsed: unknown;
  try {
    parsed = parseJsonText(json);
  } catch (error) {
    throw new InvalidRuleParameterError('ruleParameters', (error as Error).message);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InvalidRuleParameterError(
      'ruleParameters',
      'expected a JSON object of parameter names to strings',
    );
  }
  return parseRuleParameters(parsed as Record<string, unknown>);
}

/**
 * Validates raw parameters. Unknown names are rejected: a misspelt `subnetId` would otherwise
 * silently turn the allow-list off.
 */
export function parseRuleParameters(raw: Readonly<Record<string, unknown>>): RuleParameters {
  for (const name of Object.keys(raw)) {
    if (!(RULE_PARAMETER_NAMES as readonly string[]).includes(name)) {
      throw new InvalidRuleParameterError(
        name,
        `unknown parameter; expected one of ${RULE_PARAMETER_NAMES.join(', ')}`,
      );
    }
  }
  const text = (name: RuleParameterName): string | undefined => {
    const value = raw[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string')
      throw new InvalidRuleParameterError(name, `expected a string, got ${typeof value}`);
    return value.trim() === '' ? undefined : value;
  };
  const subnetIds = text('subnetIds');
  const securityGroupIds = text('securityGroupIds');
  const requireNetworkIsolation = text('requireNetworkIsolation');
  const exemptionTag = text('exemptionTag');
  return {
    ...(subnetIds !== undefined && { allowedSubnetIds: parseAllowList('subnetIds', 'subnet', subnetIds) }),
    ...(securityGroupIds !== undefined && {
      allowedSecurityGroupIds: parseAllowList('securityGroupIds', 'securityGroup', securityGroupIds),
    }),
    requireNetworkIsolation:
      requireNetworkIsolation === undefined ? false : parseBoolean(requireNetworkIsolation),
    ...(exemptionTag !== undefined && { exemptionTag: parseExemptionTag(exemptionTag) }),
  };
}

function parseAllowList(name: RuleParameterName, kind: NetworkIdKind, value: string): ReadonlySet<string> {
  const entries = value.split(',').map((entry) => entry.trim());
  entries.forEach((entry, index) => {
    if (entry === '') throw new InvalidRuleParameterError(name, `entry ${index + 1} is empty`);
    if (!isValidNetworkId(kind, entry)) {
      throw new InvalidRuleParameterError(name, `'${entry}' is not ${describeExpectedFormat(kind)}`);
    }
  });
  return new Set(entries);
}

function parseBoolean(value: string): boolean {
  const normalised = value.trim().toLowerCase();
  if (normalised === 'true') return true;
  if (normalised === 'false') return false;
  throw new InvalidRuleParameterError('requireNetworkIsolation', `'${value}' is neither true nor false`);
}

const MAX_TAG_KEY_LENGTH = 128;
/**
 * The characters AWS allows in a tag key. A key outside them can be on no model, so the rule would
 * exempt nothing, silently; the SCP also writes the key into a condition key.
 */
const TAG_KEY_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
const MAX_TAG_VALUE_LENGTH = 256;

function parseExemptionTag(value: string): ExemptionTag {
  const separator = value.indexOf('=');
  const key = (separator === -1 ? value : value.slice(0, separator)).trim();
  if (key === '')
    throw new InvalidRuleParameterError(
      'exemptionTag',
      `'${value}' has an empty tag key; expected key or key=value`,
    );
  if (!TAG_KEY_CHARACTERS.test(key)) {
    throw new InvalidRuleParameterError(
      'exemptionTag',
      `the tag key '${key}' has characters AWS does not allow in a tag key`,
    );
  }
  if (characterCount(key) > MAX_TAG_KEY_LENGTH) {
    throw new InvalidRuleParameterError(
      'exemptionTag',
      `the tag key is longer than ${MAX_TAG_KEY_LENGTH} characters`,
    );
  }
  if (separator === -1) return { key };
  const tagValue = value.slice(separator + 1).trim();
  if (characterCount(tagValue) > MAX_TAG_VALUE_LENGTH) {
    throw new InvalidRuleParameterError(
      'exemptionTag',
      `the tag value is longer than ${MAX_TAG_VALUE_LENGTH} characters`,
    );
  }
  return { key, value: tagValue };
}

/** The parameters back in Config's string form, for templates and reports. */
export function formatExemptionTag(tag: ExemptionTag): string {
  return tag.value === undefined ? tag.key : `${tag.key}=${tag.value}`;
}
