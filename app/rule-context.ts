import { Duration } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import { parseHookFailureMode } from '../settings/hook-function';
import { parseRefreshDays, parseSweepReporting, parseSweepSource } from '../settings/rule-function';
import { parseRuleParameters, RULE_PARAMETER_NAMES } from '../evaluator/rule-parameters';
import { checkExecutionFrequency, checkRuleName } from '../lib/rule-definition';
import type { SageMakerModelVpcRuleParameters } from '../lib/rule-parameter-props';
import type {
  PreventionHookSettings,
  RuleDeployment,
  SageMakerModelVpcRuleProps,
} from '../lib/sagemaker-model-vpc-rule';

const DEPLOYMENTS: readonly RuleDeployment[] = ['rule', 'conformancePack', 'functionOnly'];
const MAX_TIMEOUT_MINUTES = 15;

/**
 * Reads the rule's settings from CDK context (`cdk deploy -c subnetIds=subnet-... -c timeoutMinutes=12`
 * or cdk.json). Unset keys keep the construct's defaults; a bad value stops synth with a message that
 * names the key.
 */
export function ruleSettingsFromContext(node: Node): SageMakerModelVpcRuleProps {
  const text = (key: string): string | undefined => contextText(node, key);
  const ruleName = text('ruleName');
  const frequency = text('maximumExecutionFrequency');
  const timeoutMinutes = text('timeoutMinutes');
  const logRetentionDays = text('logRetentionDays');
  const deployAs = text('deployAs');
  const conformancePackName = text('conformancePackName');
  const alarmTopicArn = text('alarmTopicArn');
  const preventionHook = preventionHookFromContext(node);
  const sweepReporting = text('sweepReporting');
  const refreshDays = text('refreshDays');
  const sweepSource = text('sweepSource');
  const failedInvocationsReaders = listContext(node, 'failedInvocationsReaders');
  const failedInvocationsKey = text('failedInvocationsKey');
  const reservedConcurrency = text('reservedConcurrency');
  return {
    ...ruleParametersFromContext(node),
    ...(ruleName !== undefined && { configRuleName: checkRuleName(ruleName, 'Context ruleName') }),
    ...(frequency !== undefined && { maximumExecutionFrequency: checkExecutionFrequency(frequency) }),
    ...(timeoutMinutes !== undefined && {
      timeout: Duration.minutes(parseWholeNumber('timeoutMinutes', timeoutMinutes, 1, MAX_TIMEOUT_MINUTES)),
    }),
    ...(logRetentionDays !== undefined && { logRetention: parseRetention(logRetentionDays) }),
    ...(deployAs !== undefined && { deployAs: parseDeployment(deployAs) }),
    ...(conformancePackName !== undefined && { conformancePackName }),
    ...(alarmTopicArn !== undefined && { alarmTopicArn }),
    ...(preventionHook !== undefined && { preventionHook }),
    ...(sweepReporting !== undefined && {
      sweepReporting: parseSweepReporting(sweepReporting, 'Context sweepReporting'),
    }),
    ...(refreshDays !== undefined && { refreshDays: parseRefreshDays(refreshDays, 'Context refreshDays') }),
    ...(sweepSource !== undefined && { sweepSource: parseSweepSource(sweepSource, 'Context sweepSource') }),
    ...(failedInvocationsReaders !== undefined && { failedInvocationsReaders }),
    ...(failedInvocationsKey !== undefined && { failedInvocationsKey }),
    ...(reservedConcurrency !== undefined && {
      reservedConcurrency: parseReservedConcurrency(reservedConcurrency),
    }),
  };
}

/** `-c preventionHook=true [-c hookFailureMode=FAIL]`; the failure mode alone is refused, not ignored. */
function preventionHookFromContext(node: Node): PreventionHookSettings | undefined {
  const failureMode = contextText(node, 'hookFailureMode');
  if (!contextBoolean(node, 'preventionHook', false)) {
    if (failureMode !== undefined) {
      throw new Error('Context hookFailureMode applies only with the hook: add -c preventionHook=true');
    }
    return undefined;
  }
  if (failureMode === undefined) return {};
  return { failureMode: parseHookFailureMode(failureMode, 'Context hookFailureMode') };
}

/**
 * The rule parameters as typed props, read from context in AWS Config's string form and validated by
 * the Lambda's own parser, so that a bad value stops synth with the message the Lambda would log.
 */
function ruleParametersFromContext(node: Node): SageMakerModelVpcRuleParameters {
  const raw: Record<string, unknown> = {};
  for (const name of RULE_PARAMETER_NAMES) raw[name] = asParameterText(node.tryGetContext(name));
  // The Lambda's own parser, once: a blank value is unset, as AWS Config would pass it.
  const parsed = parseRuleParameters(raw);
  const isolationGiven =
    typeof raw.requireNetworkIsolation === 'string' && raw.requireNetworkIsolation.trim() !== '';
  return {
    ...(parsed.allowedSubnetIds && { subnetIds: [...parsed.allowedSubnetIds] }),
    ...(parsed.allowedSecurityGroupIds && { securityGroupIds: [...parsed.allowedSecurityGroupIds] }),
    ...(isolationGiven && {
      requireNetworkIsolation: parsed.requireNetworkIsolation,
    }),
    ...(parsed.exemptionTag && { exemptionTag: parsed.exemptionTag }),
  };
}

/** `-c key=a,b` gives a comma-separated string, cdk.json may give a list of strings. */
export function listContext(node: Node, key: string): string[] | undefined {
  const value: unknown = node.tryGetContext(key);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
  return contextText(node, key)
    ?.split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** `none`, or a whole number; the construct checks its range. */
function parseReservedConcurrency(value: string): number | 'none' {
  if (value === 'none') return value;
  const number = Number(value);
  if (value.trim() === '' || !Number.isInteger(number)) {
    throw new Error(`Context reservedConcurrency must be a whole number or none, got '${value}'`);
  }
  return number;
}

/**
 * A rule parameter from cdk.json in the string form AWS Config passes to the Lambda: `true` as
 * `"true"`, a list of IDs comma-separated. Anything else is left for the Lambda's parser to refuse.
 */
function asParameterText(value: unknown): unknown {
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.join(',');
  return value;
}

/**
 * A context value as text: `-c key=value` gives a string, cdk.json may give a number. Unset (or null)
 * is undefined; anything else stops synth with a message that names the key.
 */
export function contextText(node: Node, key: string): string | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new Error(`Context ${key} must be a string or number, got ${typeof value}`);
  }
  return String(value);
}

/** `-c key=false` arrives as a string, cdk.json may hold a real boolean. */
export function contextBoolean(node: Node, key: string, fallback: boolean): boolean {
  const raw: unknown = node.tryGetContext(key);
  if (typeof raw === 'boolean') return raw;
  const value = contextText(node, key);
  if (value === undefined) return fallback;
  if (value !== 'true' && value !== 'false') {
    throw new Error(`Context ${key} must be true or false, got '${value}'`);
  }
  return value === 'true';
}

/** A whole number within a range, or an error naming the context key. */
export function parseWholeNumber(key: string, value: string, minimum: number, maximum: number): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isInteger(number) || number < minimum || number > maximum) {
    throw new Error(`Context ${key} must be a whole number from ${minimum} to ${maximum}, got '${value}'`);
  }
  return number;
}

function parseRetention(value: string): logs.RetentionDays {
  const days = Number(value);
  const allowed = Object.values(logs.RetentionDays).filter(
    (entry): entry is number => typeof entry === 'number',
  );
  const match = allowed.find((entry) => entry === days);
  if (match === undefined) {
    throw new Error(`Context logRetentionDays must be one of ${allowed.join(', ')}, got '${value}'`);
  }
  return match;
}

function parseDeployment(value: string): RuleDeployment {
  const match = DEPLOYMENTS.find((deployment) => deployment === value);
  if (!match) throw new Error(`Context deployAs must be one of ${DEPLOYMENTS.join(', ')}, got '${value}'`);
  return match;
}
