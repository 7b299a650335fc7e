import { paginateListDiscoveredResources, type ConfigServiceClient } from '@aws-sdk/client-config-service';
import { MODEL_RESOURCE_TYPE } from '../../evaluator/model-facts';

/** The SageMaker models AWS Config records, by the IDs it records them under. */
export interface RecordedModels {
  /** Every resourceId Config records for a live model, named or not. */
  readonly ids: ReadonlySet<string>;
  /**
   * The resourceIds to report a model under: those Config records for its name (normally one), or the
   * name itself where Config does not know the model.
   */
  idsOf(modelName: string): readonly string[];
}

/**
 * Reads Config's inventory so that the periodic sweep's results land on the same resources as the
 * change-triggered ones.
 */
export async function listRecordedModels(client: ConfigServiceClient): Promise<RecordedModels> {
  const ids = new Set<string>();
  const idsByName = new Map<string, string[]>();
  for await (const page of paginateListDiscoveredResources(
    { client, pageSize: 100 },
    { resourceType: MODEL_RESOURCE_TYPE, includeDeletedResources: false },
  )) {
    for (const { resourceId, resourceName } of page.resourceIdentifiers ?? []) {
      if (!resourceId) continue;
      ids.add(resourceId);
      if (resourceName) idsByName.set(resourceName, [...(idsByName.get(resourceName) ?? []), resourceId]);
    }
  }
  return { ids, idsOf: (modelName) => idsByName.get(modelName) ?? [modelName] };
}
