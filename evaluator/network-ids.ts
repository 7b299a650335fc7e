/**
 * The ID formats this rule accepts. SageMaker itself only checks `[-0-9a-zA-Z]+`, so a model can be
 * created with `default` or a typo as a subnet; such a model is not reliably inside a VPC.
 */
const SUBNET_ID = /^subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const SECURITY_GROUP_ID = /^sg-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

export type NetworkIdKind = 'subnet' | 'securityGroup';

/** A string is only checked; any other value is narrowed to string when it passes. */
export function isValidNetworkId(kind: NetworkIdKind, value: string): boolean;
export function isValidNetworkId(kind: NetworkIdKind, value: unknown): value is string;
export function isValidNetworkId(kind: NetworkIdKind, value: unknown): boolean {
  return typeof value === 'string' && (kind === 'subnet' ? SUBNET_ID : SECURITY_GROUP_ID).test(value);
}

export function describeExpectedFormat(kind: NetworkIdKind): string {
  return kind === 'subnet'
    ? 'subnet- followed by 8 or 17 lowercase hex digits'
    : 'sg- followed by 8 or 17 lowercase hex digits';
}
