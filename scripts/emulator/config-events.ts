import type { ConfigurationItem } from '@aws-sdk/client-config-service';
import { MODEL_RESOURCE_TYPE } from '../../evaluator/model-facts';
import { EMULATED_ACCOUNT_ID, EMULATED_REGION } from './emulated-aws';
import type { RecordedModel } from './model-fleet';

/** The test-mode token: the handler then sends PutEvaluations with TestMode, which moto requires. */
const TEST_MODE_RESULT_TOKEN = 'TESTMODE';
export const CONFIG_RULE_NAME = 'sagemaker-model-vpc-configured';

/** A configuration item as it arrives inside a change notification. */
export interface EventConfigurationItem {
  readonly configuration: Record<string, unknown>;
  readonly tags: Readonly<Record<string, string>>;
  readonly configurationItemVersion: string;
  readonly configurationItemCaptureTime: string;
  readonly configurationStateId: number;
  readonly awsAccountId: string;
  readonly configurationItemStatus: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly resourceName: string;
  readonly ARN: string;
  readonly awsRegion: string;
  readonly availabilityZone: string;
  readonly relatedEvents: readonly unknown[];
  readonly relationships: readonly unknown[];
  readonly supplementaryConfiguration: Record<string, unknown>;
}

export interface ItemOptions {
  readonly captureTime: Date;
  /** Defaults to the model name; AWS does not document which identifier Config uses. */
  readonly resourceId?: string;
  readonly status?: string;
}

/**
 * What AWS Config records for a model: the CloudFormation property names (PascalCase) under
 * `configuration`, tags as a map. The container `Environment` is kept, as Config keeps it.
 */
export function configurationItemOf(model: RecordedModel, options: ItemOptions): EventConfigurationItem {
  const { description } = model;
  const name = description.ModelName ?? '';
  const configuration = {
    ModelName: description.ModelName,
    ExecutionRoleArn: description.ExecutionRoleArn,
    EnableNetworkIsolation: description.EnableNetworkIsolation,
    PrimaryContainer: description.PrimaryContainer,
    ...(description.Containers?.length && { Containers: description.Containers }),
    ...(description.InferenceExecutionConfig && {
      InferenceExecutionConfig: description.InferenceExecutionConfig,
    }),
    ...(hasFields(description.VpcConfig) && { VpcConfig: description.VpcConfig }),
  };
  return {
    configuration: JSON.parse(JSON.stringify(configuration)) as Record<string, unknown>,
    tags: model.tags,
    configurationItemVersion: '1.3',
    configurationItemCaptureTime: options.captureTime.toISOString(),
    configurationStateId: options.captureTime.getTime(),
    awsAccountId: EMULATED_ACCOUNT_ID,
    configurationItemStatus: options.status ?? 'OK',
    resourceType: MODEL_RESOURCE_TYPE,
    resourceId: options.resourceId ?? name,
    resourceName: name,
    ARN: description.ModelArn ?? '',
    awsRegion: EMULATED_REGION,
    availabilityZone: 'Not Applicable',
    relatedEvents: [],
    relationships: [],
    supplementaryConfiguration: {},
  };
}

/** moto describes a model created without VpcConfig as `VpcConfig: {}`; AWS omits the field. */
function hasFields(value: object | undefined): boolean {
  return value !== undefined && Object.keys(value).length > 0;
}

/** The same item as GetResourceConfigHistory returns it: other field names, `configuration` as JSON text. */
export function historyItemOf(item: EventConfigurationItem): ConfigurationItem {
  return {
    version: item.configurationItemVersion,
    accountId: item.awsAccountId,
    configurationItemCaptureTime: new Date(item.configurationItemCaptureTime),
    configurationItemStatus: item.configurationItemStatus as ConfigurationItem['configurationItemStatus'],
    configurationStateId: String(item.configurationStateId),
    arn: item.ARN,
    resourceType: item.resourceType as ConfigurationItem['resourceType'],
    resourceId: item.resourceId,
    resourceName: item.resourceName,
    awsRegion: item.awsRegion,
    availabilityZone: item.availabilityZone,
    tags: { ...item.tags },
    relatedEvents: [],
    relationships: [],
    configuration: JSON.stringify(item.configuration),
    supplementaryConfiguration: {},
  };
}

export function changeNotificationEvent(item: EventConfigurationItem, ruleParameters: RuleParameterStrings) {
  return ruleEvent(ruleParameters, {
    configurationItemDiff: null,
    configurationItem: item,
    notificationCreationTime: new Date(Date.parse(item.configurationItemCaptureTime) + 1000).toISOString(),
    messageType: 'ConfigurationItemChangeNotification',
    recordVersion: '1.3',
  });
}

/** Config sends only a summary when the item is too large; the handler fetches the rest. */
export function oversizedNotificationEvent(
  item: EventConfigurationItem,
  ruleParameters: RuleParameterStrings,
) {
  const summary = {
    changeType: 'UPDATE',
    configurationItemVersion: item.configurationItemVersion,
    configurationItemCaptureTime: item.configurationItemCaptureTime,
    configurationStateId: item.configurationStateId,
    awsAccountId: item.awsAccountId,
    configurationItemStatus: item.configurationItemStatus,
    resourceType: item.resourceType,
    resourceId: item.resourceId,
    resourceName: item.resourceName,
    ARN: item.ARN,
    awsRegion: item.awsRegion,
    availabilityZone: item.availabilityZone,
  };
  return ruleEvent(ruleParameters, {
    configurationItemSummary: summary,
    notificationCreationTime: new Date(Date.parse(item.configurationItemCaptureTime) + 1000).toISOString(),
    messageType: 'OversizedConfigurationItemChangeNotification',
    recordVersion: '1.0',
  });
}

export function scheduledNotificationEvent(
  notificationCreationTime: Date,
  ruleParameters: RuleParameterStrings,
) {
  return ruleEvent(ruleParameters, {
    awsAccountId: EMULATED_ACCOUNT_ID,
    notificationCreationTime: notificationCreationTime.toISOString(),
    messageType: 'ScheduledNotification',
    recordVersion: '1.0',
  });
}

/** Rule parameters as AWS Config passes them: names to strings. */
export type RuleParameterStrings = Readonly<Record<string, string>>;

function ruleEvent(ruleParameters: RuleParameterStrings, invokingEvent: Record<string, unknown>) {
  return {
    version: '1.0',
    invokingEvent: JSON.stringify(invokingEvent),
    ruleParameters: JSON.stringify(ruleParameters),
    resultToken: TEST_MODE_RESULT_TOKEN,
    eventLeftScope: false,
    executionRoleArn: `arn:aws:iam::${EMULATED_ACCOUNT_ID}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
    configRuleArn: `arn:aws:config:${EMULATED_REGION}:${EMULATED_ACCOUNT_ID}:config-rule/config-rule-e2e001`,
    configRuleName: CONFIG_RULE_NAME,
    configRuleId: 'config-rule-e2e001',
    accountId: EMULATED_ACCOUNT_ID,
    evaluationMode: 'DETECTIVE',
  };
}
