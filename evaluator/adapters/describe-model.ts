import type { ModelFacts } from '../model-facts';

/** The fields of SageMaker's DescribeModel response this adapter reads; the SDK's type fits it. */
export interface DescribeModelFields {
  readonly ModelName?: string;
  readonly VpcConfig?: unknown;
  readonly EnableNetworkIsolation?: boolean;
}

/** A tag as SageMaker's ListTags returns it. */
export interface ModelTag {
  readonly Key?: string;
  readonly Value?: string;
}

export class UnexpectedApiShapeError extends Error {
  constructor(what: string) {
    super(`Unexpected SageMaker API response: ${what}`);
    this.name = 'UnexpectedApiShapeError';
  }
}

/**
 * The model's facts from DescribeModel (and ListTags). Only network fields are read: the rest of the
 * response, container `Environment` included, never leaves this function.
 */
export function modelFactsFromDescribeModel(
  modelName: string,
  response: DescribeModelFields,
  tags?: readonly ModelTag[],
): ModelFacts {
  if (response === null || typeof response !== 'object' || typeof response.ModelName !== 'string') {
    throw new UnexpectedApiShapeError(`DescribeModel of ${modelName} returned no ModelName`);
  }
  return {
    vpcConfig: response.VpcConfig,
    enableNetworkIsolation: response.EnableNetworkIsolation,
    tags: tagsToMap(modelName, tags ?? []),
  };
}

function tagsToMap(modelName: string, tags: readonly ModelTag[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const tag of tags) {
    if (typeof tag?.Key !== 'string')
      throw new UnexpectedApiShapeError(`ListTags of ${modelName} returned a tag without Key`);
    map[tag.Key] = tag.Value ?? '';
  }
  return map;
}
