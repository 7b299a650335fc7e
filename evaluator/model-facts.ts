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
