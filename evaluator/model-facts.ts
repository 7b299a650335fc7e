/**
 * What the evaluator looks at, in the shape the SageMaker API and the configuration item use.
 * Values stay `unknown` on purpose: they come from outside (events, API responses, templates) and
 * the evaluator must judge any shape without throwing.
 */
export interface ModelFacts {
  /** The model's `VpcConfig` as recorded: absent, null, or `{ Subnets, SecurityGroupIds }`. */
  readonly vpcConfig?: unknown;
  readonly enableNetworkIsolation?: unknown;
  /** The model's tags; only consulted when an exemption tag is configured. */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A value a template computes at deploy time (`Ref`, `Fn::GetAtt`, ...). It cannot be checked
 * before deployment, so it counts as present and the verdict says so.
 */
export class Unresolved {
  constructor(readonly expression: string) {}
}

/** The AWS Config (and CloudFormation) resource type this rule judges. */
export const MODEL_RESOURCE_TYPE = 'AWS::SageMaker::Model';

/**
 * A JSON object: parsed JSON or an object literal, not null, not an array, and not an instance of a
 * class (such as the evaluator's own Unresolved), whose fields are not data to read.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Parses JSON from outside. On failure the message names only the position (`not valid JSON (at
 * character 12)`): Node's own message quotes the text around it, which in a configuration item can be
 * a container `Environment` value.
 */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new SyntaxError(`not valid JSON${position === undefined ? '' : ` (at character ${position})`}`);
  }
}
