import type { Node } from 'constructs';
import {
  CALL_AS,
  type CallAs,
  type OrganizationSettings,
} from '../lib/sagemaker-model-vpc-rule-organization-stack';
import { REGION_NAME } from '../aws/names';
import { contextBoolean, contextText, listContext, parseWholeNumber } from './rule-context';

/** The context key whose presence adds the organisation stack to the app. */
const ORGANIZATION_TRIGGER_KEY = 'organizationalUnitIds';
/** The keys that only mean something with the organisation stack. */
const ORGANIZATION_SETTING_KEYS = [
  'regions',
  'callAs',
  'retainStacksOnAccountRemoval',
  'failureTolerancePercentage',
  'maxConcurrentPercentage',
  'configAggregator',
  'serviceControlPolicy',
  'scpExemptPrincipals',
] as const;

/** The patterns of CloudFormation's DeploymentTargets.OrganizationalUnitIds: an OU or the root. */
const OU_OR_ROOT_ID = /^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$/;

const DEFAULT_FAILURE_TOLERANCE_PERCENTAGE = 10;
const DEFAULT_MAX_CONCURRENT_PERCENTAGE = 25;

/**
 * Reads the organisation settings from CDK context (`-c organizationalUnitIds=ou-ab12-11111111
 * -c regions=eu-west-1,us-east-1`). Without organizationalUnitIds there is no organisation stack and
 * this returns undefined; the other keys then stop synth rather than being silently ignored.
 */
export function organizationSettingsFromContext(node: Node): OrganizationSettings | undefined {
  const unitIds = listContext(node, ORGANIZATION_TRIGGER_KEY);
  if (unitIds === undefined) {
    const orphans = ORGANIZATION_SETTING_KEYS.filter((key) => node.tryGetContext(key) !== undefined);
    if (orphans.length > 0) {
      throw new Error(
        `Context ${orphans.join(', ')} applies only to the organisation stack: ` +
          'give the OUs to deploy to with -c organizationalUnitIds=ou-...,ou-...',
      );
    }
    return undefined;
  }
  const regions = listContext(node, 'regions');
  if (regions === undefined) {
    throw new Error(
      'Context regions is required with organizationalUnitIds: the regions to deploy the rule to, ' +
        'for example -c regions=eu-west-1,us-east-1',
    );
  }
  const callAs = contextText(node, 'callAs');
  const serviceControlPolicy = serviceControlPolicyFromContext(node);
  return {
    organizationalUnitIds: parseList(
      ORGANIZATION_TRIGGER_KEY,
      unitIds,
      OU_OR_ROOT_ID,
      'an OU ID (ou-xxxx-xxxxxxxx) or the root ID (r-xxxx)',
    ),
    regions: parseList('regions', regions, REGION_NAME, 'a region name such as eu-west-1'),
    callAs: callAs === undefined ? 'SELF' : parseCallAs(callAs),
    retainStacksOnAccountRemoval: contextBoolean(node, 'retainStacksOnAccountRemoval', false),
    failureTolerancePercentage: parsePercentage(
      node,
      'failureTolerancePercentage',
      0,
      DEFAULT_FAILURE_TOLERANCE_PERCENTAGE,
    ),
    maxConcurrentPercentage: parsePercentage(
      node,
      'maxConcurrentPercentage',
      1,
      DEFAULT_MAX_CONCURRENT_PERCENTAGE,
    ),
    configAggregator: contextBoolean(node, 'configAggregator', true),
    ...(serviceControlPolicy !== undefined && { serviceControlPolicy }),
  };
}

/**
 * `-c serviceControlPolicy=true [-c scpExemptPrincipals=arn:...,arn:...]`; the policy generator checks
 * the ARN patterns.
 */
function serviceControlPolicyFromContext(node: Node): OrganizationSettings['serviceControlPolicy'] {
  const exempt = listContext(node, 'scpExemptPrincipals');
  if (!contextBoolean(node, 'serviceControlPolicy', false)) {
    if (exempt !== undefined) {
      throw new Error('Context scpExemptPrincipals applies only with -c serviceControlPolicy=true');
    }
    return undefined;
  }
  return { exemptPrincipalArns: exempt ?? [] };
}

/** A list from context (listContext), each item checked; duplicates collapse, an empty list is refused. */
function parseList(key: string, given: readonly string[], pattern: RegExp, expected: string): string[] {
  const items = [...new Set(given)];
  if (items.length === 0) throw new Error(`Context ${key} must list at least one value`);
  const bad = items.filter((item) => !pattern.test(item));
  if (bad.length > 0) {
    throw new Error(`Context ${key}: ${bad.map((item) => `'${item}'`).join(', ')} is not ${expected}`);
  }
  return items;
}

function parseCallAs(value: string): CallAs {
  const match = CALL_AS.find((entry) => entry === value);
  if (!match) throw new Error(`Context callAs must be one of ${CALL_AS.join(', ')}, got '${value}'`);
  return match;
}

function parsePercentage(node: Node, key: string, minimum: number, fallback: number): number {
  const value = contextText(node, key);
  return value === undefined ? fallback : parseWholeNumber(key, value, minimum, 100);
}
