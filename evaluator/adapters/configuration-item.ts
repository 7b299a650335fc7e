import { isPlainObject, type ModelFacts } from '../model-facts';

/**
 * A configuration item in one shape, whether it came in the event or from GetResourceConfigHistory
 * (the Lambda converts both), with `configuration` already parsed.
 */
export interface RecordedItem {
  readonly resourceType: string;
  readonly resourceId: string;
  /** The name Config recorded, where the source gives one. */
  readonly resourceName?: string;
  readonly status: string;
  readonly captureTime: Date;
  readonly configuration: unknown;
  readonly tags: unknown;
}

export class UnexpectedItemShapeError extends Error {
  constructor(resourceId: string, problem: string) {
    super(`Configuration item of ${resourceId} has an unexpected shape: ${problem}`);
    this.name = 'UnexpectedItemShapeError';
  }
}

const LIVE_STATUSES = new Set(['OK', 'ResourceDiscovered']);
const GONE_STATUSES = new Set(['ResourceNotRecorded', 'ResourceDeleted', 'ResourceDeletedNotRecorded']);

/** Whether the item describes a resource that exists; an undocumented status is an error, not a guess. */
export function isLive(status: string): boolean {
  if (LIVE_STATUSES.has(status)) return true;
  if (GONE_STATUSES.has(status)) return false;
  throw new Error(
    `Unknown configurationItemStatus '${status}'; expected one of ${[...LIVE_STATUSES, ...GONE_STATUSES].join(', ')}`,
  );
}

/**
 * The model's facts from a live item. `configuration` uses CloudFormation's PascalCase names; keys are
 * matched without regard to case so that a camelCase variant cannot turn a model into a false verdict.
 */
export function modelFactsFromRecordedItem(item: RecordedItem): ModelFacts {
  const configuration = item.configuration;
  if (!isPlainObject(configuration)) {
    throw new UnexpectedItemShapeError(
      item.resourceId,
      'a live SageMaker model item has no configuration object',
    );
  }
  const vpcConfig = field(configuration, 'VpcConfig');
  return {
    vpcConfig: isPlainObject(vpcConfig)
      ? { Subnets: field(vpcConfig, 'Subnets'), SecurityGroupIds: field(vpcConfig, 'SecurityGroupIds') }
      : vpcConfig,
    enableNetworkIsolation: field(configuration, 'EnableNetworkIsolation'),
    tags: tagsOf(item),
  };
}

function tagsOf(item: RecordedItem): Record<string, string> {
  const tags = item.tags;
  if (tags === undefined || tags === null) return {};
  if (!isPlainObject(tags) || Object.values(tags).some((value) => typeof value !== 'string')) {
    throw new UnexpectedItemShapeError(item.resourceId, 'tags is not a map of strings');
  }
  return tags as Record<string, string>;
}

function field(object: Record<string, unknown>, name: string): unknown {
  if (name in object) return object[name];
  const lower = name.toLowerCase();
  const key = Object.keys(object).find((candidate) => candidate.toLowerCase() === lower);
  return key === undefined ? undefined : object[key];
}
