import { paginateListDiscoveredResources, type ConfigServiceClient } from '@aws-sdk/client-config-service';
import { MODEL_RESOURCE_TYPE } from '../model-facts';

/**
 * Model name to the resourceId AWS Config records for it. The periodic sweep reports under these IDs so
 * that its results land on the same resources as the change-triggered ones.
 */
export async function listRecordedModelIds(client: ConfigServiceClient): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for await (const page of paginateListDiscoveredResources(
    { client, pageSize: 100 },
    { resourceType: MODEL_RESOURCE_TYPE, includeDeletedResources: false },
  )) {
    for (const resource of page.resourceIdentifiers ?? []) {
      if (resource.resourceName && resource.resourceId) ids.set(resource.resourceName, resource.resourceId);
    }
  }
  return ids;
}
