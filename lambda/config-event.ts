import type { RecordedItem } from '../evaluator/adapters/configuration-item';
import { CONFIG_MESSAGE_TYPES } from '../settings/rule-function';
import { parseJsonText } from '../evaluator/model-facts';

/**
 * The event AWS Config sends to a custom Lambda rule, validated strictly: a malformed event must
 * fail the invocation before anything is reported.
 */
export class InvalidEventError extends Error {
  constructor(message: string) {
    super(`Invalid AWS Config event: ${message}`);
    this.name = 'InvalidEventError';
  }
}

/** A configuration item as it arrives in the event (`ARN`, `awsAccountId`, `configuration` object). */
export interface EventConfigurationItem {
  readonly resourceType: string;
  readonly resourceId: string;
  readonly configurationItemStatus: string;
  readonly configurationItemCaptureTime: string;
  readonly configuration: unknown;
  readonly tags?: unknown;
}

export interface ConfigurationItemSummary {
  readonly resourceType: string;
  readonly resourceId: string;
  /** Config sends it for resources that have a name (every SageMaker model). */
  readonly resourceName?: string;
  readonly configurationItemStatus: string;
  readonly configurationItemCaptureTime: string;
}

export type InvokingEvent =
  | {
      readonly messageType: 'ConfigurationItemChangeNotification';
      readonly configurationItem: EventConfigurationItem;
    }
  | {
      readonly messageType: 'OversizedConfigurationItemChangeNotification';
      readonly configurationItemSummary: ConfigurationItemSummary;
    }
  | {
      readonly messageType: 'ScheduledNotification';
      readonly notificationCreationTime: string;
    };

export interface ConfigRuleEvent {
  readonly invokingEvent: InvokingEvent;
  readonly ruleParameters?: string;
  readonly resultToken: string;
  readonly eventLeftScope: boolean;
  /** Needed by the periodic sweep to find results of vanished models; Config always sends it. */
  readonly configRuleName: string;
}

type JsonObject = Record<string, unknown>;

export function parseConfigRuleEvent(event: unknown): ConfigRuleEvent {
  const root = asObject(event, 'the event');
  const resultToken = requiredString(root, 'resultToken', 'the event');
  const invokingEventText = requiredString(root, 'invokingEvent', 'the event');
  let invokingEventJson: unknown;
  try {
    invokingEventJson = parseJsonText(invokingEventText);
  } catch (error) {
    throw new InvalidEventError(`invokingEvent is ${(error as Error).message}`);
  }
  const ruleParameters = optionalString(root, 'ruleParameters', 'the event');
  const eventLeftScope = root.eventLeftScope ?? false;
  if (typeof eventLeftScope !== 'boolean') throw new InvalidEventError('eventLeftScope must be a boolean');
  const configRuleName = requiredString(root, 'configRuleName', 'the event');
  return {
    invokingEvent: parseInvokingEvent(invokingEventJson),
    resultToken,
    eventLeftScope,
    ...(ruleParameters !== undefined && { ruleParameters }),
    configRuleName,
  };
}

function parseInvokingEvent(value: unknown): InvokingEvent {
  const invokingEvent = asObject(value, 'invokingEvent');
  const messageType = requiredString(invokingEvent, 'messageType', 'invokingEvent');
  switch (messageType) {
    case 'ConfigurationItemChangeNotification':
      return { messageType, configurationItem: parseConfigurationItem(invokingEvent.configurationItem) };
    case 'OversizedConfigurationItemChangeNotification':
      return { messageType, configurationItemSummary: parseSummary(invokingEvent.configurationItemSummary) };
    case 'ScheduledNotification':
      return {
        messageType,
        notificationCreationTime: requiredTimestamp(
          invokingEvent,
          'notificationCreationTime',
          'invokingEvent',
        ),
      };
    default:
      throw new InvalidEventError(
        `unknown messageType '${messageType}'; expected one of ${CONFIG_MESSAGE_TYPES.join(', ')}`,
      );
  }
}

function parseSummary(
  value: unknown,
  where = 'invokingEvent.configurationItemSummary',
): ConfigurationItemSummary {
  const summary = asObject(value, where);
  const resourceName = optionalString(summary, 'resourceName', where);
  return {
    resourceType: requiredString(summary, 'resourceType', where),
    resourceId: requiredString(summary, 'resourceId', where),
    ...(resourceName !== undefined && { resourceName }),
    configurationItemStatus: requiredString(summary, 'configurationItemStatus', where),
    configurationItemCaptureTime: requiredTimestamp(summary, 'configurationItemCaptureTime', where),
  };
}

function parseConfigurationItem(value: unknown): EventConfigurationItem {
  const where = 'invokingEvent.configurationItem';
  const item = asObject(value, where);
  return {
    ...parseSummary(value, where),
    configuration: item.configuration,
    tags: item.tags,
  };
}

function asObject(value: unknown, what: string): JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidEventError(`${what} must be a JSON object`);
  }
  return value as JsonObject;
}

function requiredString(object: JsonObject, field: string, where: string): string {
  const value = object[field];
  if (typeof value !== 'string' || value === '') {
    throw new InvalidEventError(
      `${where}.${field} is ${value === undefined ? 'missing' : 'not a non-empty string'}`,
    );
  }
  return value;
}

function optionalString(object: JsonObject, field: string, where: string): string | undefined {
  const value = object[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new InvalidEventError(`${where}.${field} must be a string`);
  return value;
}

function requiredTimestamp(object: JsonObject, field: string, where: string): string {
  const value = requiredString(object, field, where);
  if (Number.isNaN(Date.parse(value)))
    throw new InvalidEventError(`${where}.${field} '${value}' is not a timestamp`);
  return value;
}

/** The event's item in the one shape the evaluator's adapter reads. */
export function recordedItemFromEvent(item: EventConfigurationItem): RecordedItem {
  return {
    resourceType: item.resourceType,
    resourceId: item.resourceId,
    status: item.configurationItemStatus,
    captureTime: new Date(item.configurationItemCaptureTime),
    configuration: item.configuration,
    tags: item.tags,
  };
}
