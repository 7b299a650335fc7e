/**
 * The ID formats this rule accepts. SageMaker itself only checks `[-0-9a-zA-Z]+`, so a model can be
 * created with `default` or a typo as a subnet; such a model is not reliably inside a VPC.
 * The evaluator's regular expressions and the preventive policy's IAM wildcards are both built from
 * these, so the two cannot drift apart.
 */
export type NetworkIdKind = 'subnet' | 'securityGroup';

const PREFIX: Readonly<Record<NetworkIdKind, string>> = { subnet: 'subnet-', securityGroup: 'sg-' };
/** EC2's short IDs (before 2018) and its long ones. */
const HEX_DIGIT_COUNTS = [8, 17] as const;

const ID_PATTERN: Readonly<Record<NetworkIdKind, RegExp>> = {
  subnet: idPattern('subnet'),
  securityGroup: idPattern('securityGroup'),
};

function idPattern(kind: NetworkIdKind): RegExp {
  const digits = HEX_DIGIT_COUNTS.map((count) => `[0-9a-f]{${count}}`).join('|');
  return new RegExp(`^${PREFIX[kind]}(?:${digits})$`);
}

/** A string is only checked; any other value is narrowed to string when it passes. */
export function isValidNetworkId(kind: NetworkIdKind, value: string): boolean;
export function isValidNetworkId(kind: NetworkIdKind, value: unknown): value is string;
export function isValidNetworkId(kind: NetworkIdKind, value: unknown): boolean {
  return typeof value === 'string' && ID_PATTERN[kind].test(value);
}

export function describeExpectedFormat(kind: NetworkIdKind): string {
  return `${PREFIX[kind]} followed by ${HEX_DIGIT_COUNTS.join(' or ')} lowercase hex digits`;
}

/**
 * The same shapes as IAM `StringLike` patterns (`subnet-????????`): `?` matches any one character, so
 * IAM can check the prefix and the length but not that the characters are lowercase hex digits.
 */
export function iamWildcardPatterns(kind: NetworkIdKind): string[] {
  return HEX_DIGIT_COUNTS.map((count) => `${PREFIX[kind]}${'?'.repeat(count)}`);
}
