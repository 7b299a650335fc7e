import { formatAnnotation } from '../annotation';
import { evaluateModel, type Verdict } from '../evaluate-model';
import { isPlainObject, type ModelFacts, Unresolved } from '../model-facts';
import type { RuleParameters } from '../rule-parameters';

/** A resource whose properties cannot be judged at all (a malformed intrinsic, too many conditions). */
export class TemplateShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateShapeError';
  }
}

/** The value of one template condition that an `Fn::If` consulted. */
export interface ConditionChoice {
  readonly name: string;
  readonly value: boolean;
}

/** The model's facts under one combination of condition values. */
export interface ModelFactsVariant {
  /** The conditions that selected this variant; empty when no `Fn::If` was involved. */
  readonly conditions: readonly ConditionChoice[];
  readonly facts: ModelFacts;
}

/** Conditions whose value is known wherever the resource exists, e.g. the resource's own `Condition`. */
export type KnownConditions = Readonly<Record<string, boolean>>;

/** Each condition doubles the variants; past this many the template is judged unreadable, not guessed. */
const MAX_CONDITIONS = 8;
const MAX_EXPRESSION_LENGTH = 60;
const NO_VALUE = Symbol('AWS::NoValue');
/**
 * A dynamic reference (`{{resolve:ssm:...}}`, `{{resolve:ssm-secure:...}}`,
 * `{{resolve:secretsmanager:...}}`), alone or inside a longer string: CloudFormation replaces it at
 * deploy time, so the value is as unknown before deployment as a `Ref`'s.
 */
const DYNAMIC_REFERENCE = /\{\{resolve:(?:ssm|ssm-secure|secretsmanager):.+?\}\}/s;

/**
 * The facts of an `AWS::SageMaker::Model` resource's `Properties`, once per combination of the
 * conditions its `Fn::If`s consult (conditions are taken as independent, so every branch is judged).
 * Only `VpcConfig`, `EnableNetworkIsolation` and `Tags` are read: containers and their `Environment`
 * never leave this function. Other intrinsics and dynamic references become `Unresolved`.
 */
export function modelFactsVariantsFromProperties(
  properties: unknown,
  knownConditions: KnownConditions = {},
): ModelFactsVariant[] {
  const names = unique(conditionNamesOf(properties)).filter((name) => !Object.hasOwn(knownConditions, name));
  if (names.length > MAX_CONDITIONS) {
    throw new TemplateShapeError(
      `VpcConfig, EnableNetworkIsolation and Tags depend on ${names.length} conditions; at most ${MAX_CONDITIONS} can be checked`,
    );
  }
  const variants = new Map<string, ModelFactsVariant>();
  for (let combination = 0; combination < 2 ** names.length; combination += 1) {
    const assignment: Record<string, boolean> = { ...knownConditions };
    names.forEach((name, bit) => (assignment[name] = (combination & (1 << bit)) === 0));
    const consulted = new Set<string>();
    const facts = factsUnder(properties, { assignment, consulted });
    const conditions = names
      .filter((name) => consulted.has(name))
      .map((name) => ({ name, value: assignment[name] === true }));
    const key = conditions.map((choice) => `${choice.name}=${choice.value}`).join(',');
    if (!variants.has(key)) variants.set(key, { conditions, facts });
  }
  return [...variants.values()];
}

/**
 * Judges a model resource across every branch of its conditions: it complies only if every
 * combination does, and a combination that leaves the model outside a VPC is named.
 */
export function evaluateModelProperties(
  properties: unknown,
  parameters: RuleParameters,
  knownConditions: KnownConditions = {},
): Verdict {
  const judged = modelFactsVariantsFromProperties(properties, knownConditions).map((variant) => ({
    variant,
    verdict: evaluateModel(variant.facts, parameters),
  }));
  const [first] = judged;
  if (first === undefined) throw new TemplateShapeError('no variant of the model could be built');
  if (judged.length === 1) return first.verdict;

  const unchecked = unique(judged.flatMap(({ verdict }) => verdict.unchecked));
  const failing = judged.filter(({ verdict }) => verdict.compliance === 'NON_COMPLIANT');
  if (failing.length > 0) {
    const reasons = unique(
      failing.flatMap(({ variant, verdict }) => conditionalReasons(variant, verdict.reasons)),
    );
    return { compliance: 'NON_COMPLIANT', reasons, unchecked, annotation: formatAnnotation(reasons) };
  }
  const judgedOnce = judged.find(({ verdict }) => verdict.compliance === 'COMPLIANT');
  if (judgedOnce === undefined) return first.verdict;
  const names = unique(judged.flatMap(({ variant }) => variant.conditions.map((choice) => choice.name)));
  return {
    compliance: 'COMPLIANT',
    reasons: [],
    unchecked,
    annotation: formatAnnotation([
      `every branch of ${plural('condition', names)} checked`,
      judgedOnce.verdict.annotation,
    ]),
  };
}

/**
 * Judges an `AWS::SageMaker::Model` resource as the template holds it. A resource with a `Condition`
 * exists only while that condition holds, so an `Fn::If` on it inside the resource takes its true branch.
 */
export function evaluateModelResource(
  resource: Record<string, unknown>,
  parameters: RuleParameters,
): Verdict {
  const knownConditions = typeof resource.Condition === 'string' ? { [resource.Condition]: true } : {};
  return evaluateModelProperties(resource.Properties, parameters, knownConditions);
}

function conditionalReasons(variant: ModelFactsVariant, reasons: readonly string[]): string[] {
  const when = variant.conditions.map((choice) => `${choice.name}=${choice.value}`).join(', ');
  const names = variant.conditions.map((choice) => choice.name);
  const headline = lacksVpc(variant.facts)
    ? [`${plural('condition', names)} can deploy the model without a VPC (when ${when})`]
    : [];
  return [...headline, ...reasons.map((reason) => `when ${when}: ${reason}`)];
}

/** True when this variant deploys the model with no VpcConfig or with an empty or missing ID list. */
function lacksVpc(facts: ModelFacts): boolean {
  const vpcConfig = facts.vpcConfig;
  if (vpcConfig instanceof Unresolved) return false;
  if (vpcConfig === null || typeof vpcConfig !== 'object' || Array.isArray(vpcConfig)) return true;
  const record = vpcConfig as Record<string, unknown>;
  const missing = (list: unknown) =>
    !(list instanceof Unresolved) && (!Array.isArray(list) || list.length === 0);
  return missing(record.Subnets) || missing(record.SecurityGroupIds);
}

interface Resolution {
  readonly assignment: Readonly<Record<string, boolean>>;
  readonly consulted: Set<string>;
}

function factsUnder(properties: unknown, resolution: Resolution): ModelFacts {
  const resolved = resolveTopLevel(properties, resolution);
  if (resolved instanceof Unresolved)
    return { vpcConfig: resolved, enableNetworkIsolation: resolved, tags: {} };
  const record = isPlainObject(resolved) ? resolved : {};
  const vpcConfig = resolveValue(record.VpcConfig, resolution);
  return {
    vpcConfig: isPlainObject(vpcConfig)
      ? { Subnets: vpcConfig.Subnets, SecurityGroupIds: vpcConfig.SecurityGroupIds }
      : noValueToUndefined(vpcConfig),
    enableNetworkIsolation: booleanLike(
      noValueToUndefined(resolveValue(record.EnableNetworkIsolation, resolution)),
    ),
    tags: literalTags(resolveValue(record.Tags, resolution)),
  };
}

/**
 * `Properties` itself may be an `Fn::If`; any other intrinsic there hides every property, so only its
 * function name is shown (its arguments could include container settings).
 */
function resolveTopLevel(properties: unknown, resolution: Resolution): unknown {
  const intrinsic = intrinsicName(properties);
  if (intrinsic === undefined) return properties;
  if (intrinsic === 'Fn::If')
    return resolveTopLevel(chooseBranch(properties as IntrinsicObject, resolution), resolution);
  return new Unresolved(`computed by ${intrinsic} (all Properties)`);
}

function resolveValue(value: unknown, resolution: Resolution): unknown {
  if (typeof value === 'string' && DYNAMIC_REFERENCE.test(value))
    return new Unresolved(`dynamic reference ${shorten(value)}`);
  if (Array.isArray(value)) {
    return value.map((entry) => resolveValue(entry, resolution)).filter((entry) => entry !== NO_VALUE);
  }
  const intrinsic = intrinsicName(value);
  if (intrinsic === 'Ref' && (value as IntrinsicObject).Ref === 'AWS::NoValue') return NO_VALUE;
  if (intrinsic === 'Fn::If')
    return resolveValue(chooseBranch(value as IntrinsicObject, resolution), resolution);
  if (intrinsic !== undefined)
    return new Unresolved(describeIntrinsic(intrinsic, (value as IntrinsicObject)[intrinsic]));
  if (!isPlainObject(value)) return value;
  const entries = Object.entries(value).map(
    ([key, entry]) => [key, resolveValue(entry, resolution)] as const,
  );
  return Object.fromEntries(entries.filter(([, entry]) => entry !== NO_VALUE));
}

function chooseBranch(intrinsic: IntrinsicObject, resolution: Resolution): unknown {
  const args = intrinsic['Fn::If'];
  if (!Array.isArray(args) || args.length !== 3 || typeof args[0] !== 'string') {
    throw new TemplateShapeError('Fn::If needs [condition name, value if true, value if false]');
  }
  const name = args[0];
  resolution.consulted.add(name);
  return resolution.assignment[name] === false ? args[2] : args[1];
}

/** Conditions consulted on the way to the facts; conditions elsewhere in the resource do not matter. */
function conditionNamesOf(properties: unknown): string[] {
  if (intrinsicName(properties) === 'Fn::If') {
    const args = (properties as IntrinsicObject)['Fn::If'];
    if (!Array.isArray(args)) return [];
    const [name, ...branches] = args as unknown[];
    return [...(typeof name === 'string' ? [name] : []), ...branches.flatMap(conditionNamesOf)];
  }
  if (!isPlainObject(properties)) return [];
  return [properties.VpcConfig, properties.EnableNetworkIsolation, properties.Tags].flatMap(conditionNamesIn);
}

function conditionNamesIn(value: unknown): string[] {
  const nested = Array.isArray(value) ? value : isPlainObject(value) ? Object.values(value) : [];
  const args = intrinsicName(value) === 'Fn::If' ? (value as IntrinsicObject)['Fn::If'] : undefined;
  const own = Array.isArray(args) && typeof args[0] === 'string' ? [args[0]] : [];
  return [...own, ...nested.flatMap(conditionNamesIn)];
}

type IntrinsicObject = Record<string, unknown>;

/** `Ref` or an `Fn::` function, the only keys of a one-key object that CloudFormation evaluates. */
function intrinsicName(value: unknown): string | undefined {
  if (!isPlainObject(value)) return undefined;
  const keys = Object.keys(value);
  const [key] = keys;
  if (keys.length !== 1 || key === undefined) return undefined;
  return key === 'Ref' || key.startsWith('Fn::') ? key : undefined;
}

function describeIntrinsic(name: string, argument: unknown): string {
  if (name === 'Ref' && typeof argument === 'string') return `Ref ${argument}`;
  if (name === 'Fn::GetAtt' && Array.isArray(argument)) return `Fn::GetAtt ${argument.map(String).join('.')}`;
  if (typeof argument === 'string') return `${name} ${shorten(argument)}`;
  return `${name} ${shorten(JSON.stringify(argument) ?? '')}`;
}

function shorten(text: string): string {
  return text.length > MAX_EXPRESSION_LENGTH ? `${text.slice(0, MAX_EXPRESSION_LENGTH)}…` : text;
}

/** CloudFormation accepts `"true"` and `"false"` strings for booleans (common in JSON templates). */
function booleanLike(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const normalised = value.toLowerCase();
  return normalised === 'true' ? true : normalised === 'false' ? false : value;
}

/** Only literal `{ Key, Value }` tags can exempt a model; a computed tag never does. */
function literalTags(value: unknown): Record<string, string> {
  const tags: Record<string, string> = {};
  if (!Array.isArray(value)) return tags;
  for (const tag of value) {
    if (isPlainObject(tag) && typeof tag.Key === 'string' && typeof tag.Value === 'string')
      tags[tag.Key] = tag.Value;
  }
  return tags;
}

function noValueToUndefined(value: unknown): unknown {
  return value === NO_VALUE ? undefined : value;
}

function plural(noun: string, names: readonly string[]): string {
  return `${noun}${names.length === 1 ? '' : 's'} ${names.join(', ')}`;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
