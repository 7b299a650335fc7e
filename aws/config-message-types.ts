/**
 * The notifications AWS Config sends a custom Lambda rule: the Lambda parses them and the CDK app
 * subscribes the rule to them, from this one list.
 */
export const CONFIG_MESSAGE_TYPES = [
  'ConfigurationItemChangeNotification',
  'OversizedConfigurationItemChangeNotification',
  'ScheduledNotification',
] as const;

export type ConfigMessageType = (typeof CONFIG_MESSAGE_TYPES)[number];
