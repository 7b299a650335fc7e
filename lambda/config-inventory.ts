import {
  paginateListDiscoveredResources,
  type ConfigServiceClient,
  type ListDiscoveredResourcesCommandInput,
} from '@aws-sdk/client-config-service';
import { pagesOf } from '../aws/paging';
import { MODEL_RESOURCE_TYPE } from '../evaluator/model-facts';

/** The SageMaker models AWS Config records, by the IDs it records them under. */
export interface RecordedModels {
  /** Every resourceId Config records for a live model, named or not. */
  readonly ids: ReadonlySet<string>;
  /** The resourceIds Config records for a model name (normally one); none where Config does not know it. */
  idsOf(modelName: string): readonly string[];
}

/** ListDiscoveredResources takes at most 20 resourceIds per call. */
const IDS_PER_LOOKUP = 20;

/** The SageMaker models ListDiscoveredResources lists for `input`, each with a resourceId. */
async function* discoveredModels(
  client: ConfigServiceClient,
  input: Omit<ListDiscoveredResourcesCommandInput, 'resourceType'>,
  signal: AbortSignal | undefined,
  pageSize?: number,
): AsyncGenerator<{ readonly resourceId: string; readonly resourceName?: string }> {
  for await (const page of pagesOf(
    'ListDiscoveredResources',
    paginateListDiscoveredResources(
      { client, ...(pageSize !== undefined && { pageSize }) },
      { ...input, resourceType: MODEL_RESOURCE_TYPE },
      { abortSignal: signal },
    ),
  )) {
    for (const { resourceId, resourceName } of page.resourceIdentifiers ?? []) {
      if (resourceId) yield { resourceId, ...(resourceName !== undefined && { resourceName }) };
    }
  }
}

/**
 * Reads Config's inventory so that the periodic sweep's results land on the same resources as the
 * change-triggered ones.
 */
export async function listRecordedModels(
  client: ConfigServiceClient,
  signal?: AbortSignal,
): Promise<RecordedModels> {
  const ids = new Set<string>();
  // Nearly every name has one ID: an array each would double the inventory's memory at 100,000 models.
  const idsByName = new Map<string, string | string[]>();
  for await (const { resourceId, resourceName } of discoveredModels(
    client,
    { includeDeletedResources: false },
    signal,
    100,
  )) {
    ids.add(resourceId);
    if (resourceName) {
      const known = idsByName.get(resourceName);
      idsByName.set(resourceName, known === undefined ? resourceId : [known, resourceId].flat());
    }
  }
  return {
    ids,
    idsOf: (modelName) => {
      const known = idsByName.get(modelName);
      return known === undefined ? [] : typeof known === 'string' ? [known] : known;
    },
  };
}

/**
 * The model name Config recorded for each of `resourceIds` it knows, deleted resources included; an ID
 * Config never recorded is absent from the answer.
 */
export async function recordedNamesOf(
  client: ConfigServiceClient,
  resourceIds: readonly string[],
  signal?: AbortSignal,
): Promise<Map<string, string | undefined>> {
  const names = new Map<string, string | undefined>();
  for (let start = 0; start < resourceIds.length; start += IDS_PER_LOOKUP) {
    const lookup = {
      resourceIds: resourceIds.slice(start, start + IDS_PER_LOOKUP),
      includeDeletedResources: true,
    };
    for await (const { resourceId, resourceName } of discoveredModels(client, lookup, signal)) {
      names.set(resourceId, resourceName);
    }
  }
  return names;
}
