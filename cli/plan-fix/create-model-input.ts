import type {
  ContainerDefinition,
  CreateModelInput,
  DescribeModelOutput,
  Tag,
  VpcConfig,
} from '@aws-sdk/client-sagemaker';

export const REDACTED_ENVIRONMENT_VALUE = '<redacted: written only with --out>';

/** What differs between a model and the create-model input derived from it. */
export interface ModelChanges {
  readonly modelName: string;
  /** Undefined: no VpcConfig (the backout of a model that had none). */
  readonly vpcConfig: VpcConfig | undefined;
  /** Turns network isolation on; without it the model's own setting is copied. */
  readonly enableNetworkIsolation?: true;
}

/**
 * The `aws sagemaker create-model --cli-input-json` input that re-creates a described model with the
 * given name and network settings, everything else copied. Tags with the reserved `aws:` prefix are
 * left out: AWS sets them, and CreateModel refuses them.
 */
export function createModelInputFrom(
  described: DescribeModelOutput,
  tags: readonly Tag[],
  changes: ModelChanges,
): CreateModelInput {
  const userTags = tags.filter((tag) => tag.Key !== undefined && !tag.Key.startsWith('aws:'));
  return withoutEmpty({
    ModelName: changes.modelName,
    PrimaryContainer: described.PrimaryContainer,
    Containers: described.Containers,
    InferenceExecutionConfig: described.InferenceExecutionConfig,
    ExecutionRoleArn: described.ExecutionRoleArn,
    VpcConfig: changes.vpcConfig,
    EnableNetworkIsolation: changes.enableNetworkIsolation ?? described.EnableNetworkIsolation,
    Tags: userTags.map((tag) => ({ Key: tag.Key, Value: tag.Value ?? '' })),
  }) as CreateModelInput;
}

/** The same input with every container Environment value replaced: safe to print or log. */
export function redactEnvironment(input: CreateModelInput): CreateModelInput {
  return {
    ...input,
    ...(input.PrimaryContainer && { PrimaryContainer: redactContainer(input.PrimaryContainer) }),
    ...(input.Containers && { Containers: input.Containers.map(redactContainer) }),
  };
}

export function hasEnvironmentValues(input: CreateModelInput): boolean {
  return [input.PrimaryContainer, ...(input.Containers ?? [])].some(
    (container) => Object.keys(container?.Environment ?? {}).length > 0,
  );
}

function redactContainer(container: ContainerDefinition): ContainerDefinition {
  if (container.Environment === undefined) return container;
  const environment = Object.fromEntries(
    Object.keys(container.Environment).map((name) => [name, REDACTED_ENVIRONMENT_VALUE]),
  );
  return { ...container, Environment: environment };
}

/** Drops null, undefined, empty lists and empty objects (DescribeModel can return `VpcConfig: {}`), which CreateModel rejects. */
function withoutEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmpty);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const entries = Object.entries(value)
    .map(([key, entry]) => [key, withoutEmpty(entry)] as const)
    .filter(([, entry]) => !isEmpty(entry));
  return Object.fromEntries(entries);
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && !(value instanceof Date) && Object.keys(value).length === 0;
}
