import type { Evaluation } from '@aws-sdk/client-config-service';
import {
  isLive,
  modelFactsFromRecordedItem,
  type RecordedItem,
} from '../evaluator/adapters/configuration-item';
import { recordedItemFromEvent, type ConfigurationItemSummary, type InvokingEvent } from './config-event';
import { evaluateModel, notApplicableVerdict, type Verdict } from '../evaluator/evaluate-model';
import { toEvaluation } from './evaluation-reporter';
import { MODEL_RESOURCE_TYPE } from '../evaluator/model-facts';
import type { RuleParameters } from '../evaluator/rule-parameters';

type ChangeEvent = Extract<
  InvokingEvent,
  { messageType: 'ConfigurationItemChangeNotification' | 'OversizedConfigurationItemChangeNotification' }
>;

export interface ChangeDependencies {
  /** Loads the full item an oversized notification only summarises. */
  readonly fetchOversizedItem: (summary: ConfigurationItemSummary) => Promise<RecordedItem>;
}

export class StaleHistoryError extends Error {
  constructor(summary: ConfigurationItemSummary, found: Date) {
    super(
      `GetResourceConfigHistory does not have the item of ${summary.resourceId} captured at ` +
        `${summary.configurationItemCaptureTime} yet (its latest is from ${found.toISOString()}); ` +
        'nothing was reported, and a retry will judge the new item',
    );
    this.name = 'StaleHistoryError';
  }
}

export class MismatchedHistoryItemError extends Error {
  constructor(summary: ConfigurationItemSummary, item: RecordedItem) {
    // Where type and ID agree, the names are what differ.
    const sameId = item.resourceType === summary.resourceType && item.resourceId === summary.resourceId;
    const named = (name: string | undefined) => (sameId && name !== undefined ? ` named ${name}` : '');
    super(
      `GetResourceConfigHistory answered with ${item.resourceType} ${item.resourceId}${named(item.resourceName)}, ` +
        `not the announced ${summary.resourceType} ${summary.resourceId}${named(summary.resourceName)}; ` +
        'nothing was reported',
    );
    this.name = 'MismatchedHistoryItemError';
  }
}

/**
 * Judges the one resource a change notification is about, from the configuration item alone: no
 * SageMaker call, so the verdict is the recorded state at the item's capture time.
 */
export async function evaluateChange(
  invokingEvent: ChangeEvent,
  eventLeftScope: boolean,
  parameters: RuleParameters,
  dependencies: ChangeDependencies,
): Promise<Evaluation> {
  const summary =
    invokingEvent.messageType === 'ConfigurationItemChangeNotification'
      ? invokingEvent.configurationItem
      : invokingEvent.configurationItemSummary;
  const notApplicable = reasonNotApplicable(
    summary.resourceType,
    summary.configurationItemStatus,
    eventLeftScope,
  );
  if (notApplicable) {
    return toEvaluation(
      summary.resourceType,
      summary.resourceId,
      notApplicableVerdict(notApplicable),
      summary.configurationItemCaptureTime,
    );
  }
  const item =
    invokingEvent.messageType === 'ConfigurationItemChangeNotification'
      ? recordedItemFromEvent(invokingEvent.configurationItem)
      : await fetchAnnouncedItem(invokingEvent.configurationItemSummary, dependencies);
  return toEvaluation(
    item.resourceType,
    item.resourceId,
    judgeRecordedItem(item, parameters),
    item.captureTime,
  );
}

/**
 * The item the notification announces, or an error: another resource's item (another type, ID or, where
 * both name it, name) would put a verdict on that resource and none on the announced one; an older item
 * (the history may lag the notification) would be a verdict on a past configuration.
 */
async function fetchAnnouncedItem(
  summary: ConfigurationItemSummary,
  dependencies: ChangeDependencies,
): Promise<RecordedItem> {
  const item = await dependencies.fetchOversizedItem(summary);
  if (
    item.resourceType !== summary.resourceType ||
    item.resourceId !== summary.resourceId ||
    (item.resourceName !== undefined &&
      summary.resourceName !== undefined &&
      item.resourceName !== summary.resourceName)
  ) {
    throw new MismatchedHistoryItemError(summary, item);
  }
  if (item.captureTime.getTime() < new Date(summary.configurationItemCaptureTime).getTime()) {
    throw new StaleHistoryError(summary, item.captureTime);
  }
  return item;
}

/** The fetched item is judged on its own status too: it may be newer than the summary. */
function judgeRecordedItem(item: RecordedItem, parameters: RuleParameters): Verdict {
  const notApplicable = reasonNotApplicable(item.resourceType, item.status, false);
  if (notApplicable) return notApplicableVerdict(notApplicable);
  return evaluateModel(modelFactsFromRecordedItem(item), parameters);
}

function reasonNotApplicable(
  resourceType: string,
  status: string,
  eventLeftScope: boolean,
): string | undefined {
  if (eventLeftScope) return 'The resource left the scope of the rule';
  if (resourceType !== MODEL_RESOURCE_TYPE) return `${resourceType} is not a SageMaker model`;
  if (!isLive(status)) return `The configuration item status is ${status}`;
  return undefined;
}
