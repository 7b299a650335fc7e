import {
  GetResourceConfigHistoryCommand,
  type ConfigServiceClient,
  type ConfigurationItem as HistoryConfigurationItem,
  type ResourceType,
} from '@aws-sdk/client-config-service';
import { UnexpectedItemShapeError, type RecordedItem } from '../evaluator/adapters/configuration-item';
import { parseJsonText } from '../evaluator/model-facts';
import { awsCall } from '../aws/call-errors';
import type { ConfigurationItemSummary } from './config-event';

/** An oversized notification carries only a summary: fetch the item it announces. */
export async function fetchOversizedItem(
  client: ConfigServiceClient,
  summary: ConfigurationItemSummary,
  signal?: AbortSignal,
): Promise<RecordedItem> {
  const response = await awsCall('GetResourceConfigHistory', () =>
    client.send(
      new GetResourceConfigHistoryCommand({
        resourceType: summary.resourceType as ResourceType,
        resourceId: summary.resourceId,
        laterTime: new Date(summary.configurationItemCaptureTime),
        limit: 1,
      }),
      { abortSignal: signal },
    ),
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

/** The fields of an item that the history API and BatchGetResourceConfig both return. */
type StoredItem = Pick<
  HistoryConfigurationItem,
  | 'resourceType'
  | 'resourceId'
  | 'resourceName'
  | 'configurationItemStatus'
  | 'configurationItemCaptureTime'
  | 'configuration'
> & { readonly tags?: unknown };

/** The APIs that return stored items name fields differently and send `configuration` as a JSON string. */
export function recordedItemFromHistory(item: StoredItem): RecordedItem {
  const resourceId = item.resourceId;
  if (
    !item.resourceType ||
    !resourceId ||
    !item.configurationItemStatus ||
    !item.configurationItemCaptureTime
  ) {
    throw new UnexpectedItemShapeError(
      resourceId ?? '(unknown resource)',
      'resourceType, resourceId, configurationItemStatus and configurationItemCaptureTime are required',
    );
  }
  let configuration: unknown = null;
  if (item.configuration !== undefined && item.configuration !== null && item.configuration !== '') {
    try {
      configuration = parseJsonText(item.configuration);
    } catch (error) {
      throw new UnexpectedItemShapeError(resourceId, `configuration is ${(error as Error).message}`);
    }
  }
  return {
    resourceType: item.resourceType,
    resourceId,
    ...(item.resourceName && { resourceName: item.resourceName }),
    status: item.configurationItemStatus,
    captureTime: new Date(item.configurationItemCaptureTime),
    configuration,
    tags: item.tags,
  };
}
