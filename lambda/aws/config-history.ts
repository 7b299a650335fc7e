import {
  GetResourceConfigHistoryCommand,
  type ConfigServiceClient,
  type ResourceType,
} from '@aws-sdk/client-config-service';
import type { ConfigurationItemSummary } from '../config-event';
import { recordedItemFromHistory, type RecordedItem } from '../adapters/configuration-item';

/** An oversized notification carries only a summary: fetch the item it announces. */
export async function fetchOversizedItem(
  client: ConfigServiceClient,
  summary: ConfigurationItemSummary,
): Promise<RecordedItem> {
  const response = await client.send(
    new GetResourceConfigHistoryCommand({
      resourceType: summary.resourceType as ResourceType,
      resourceId: summary.resourceId,
      laterTime: new Date(summary.configurationItemCaptureTime),
      limit: 1,
    }),
  );
  const item = response.configurationItems?.[0];
  if (!item) {
    throw new Error(
      `GetResourceConfigHistory returned no configuration item for ${summary.resourceType} ${summary.resourceId} ` +
        `at ${summary.configurationItemCaptureTime}`,
    );
  }
  return recordedItemFromHistory(item);
}
