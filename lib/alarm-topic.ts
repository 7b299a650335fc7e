import { Aws, Fn, Stack, Token } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { IConstruct } from 'constructs';
import { ACCOUNT_ID, PARTITION_NAME, REGION_NAME } from '../aws/names';
/** A standard topic: CloudWatch alarms cannot notify a FIFO topic (`name.fifo`). */
const STANDARD_TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;

interface TopicArnParts {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly name: string;
}

/** Splits an SNS topic ARN, stopping synth with a message naming the setting if it is not one. */
export function parseAlarmTopicArn(value: string): TopicArnParts {
  const [arn, partition, service, region, account, name, ...rest] = value.split(':');
  if (
    arn !== 'arn' ||
    !PARTITION_NAME.test(partition ?? '') ||
    service !== 'sns' ||
    !REGION_NAME.test(region ?? '') ||
    !ACCOUNT_ID.test(account ?? '') ||
    !STANDARD_TOPIC_NAME.test(name ?? '') ||
    rest.length > 0
  ) {
    throw new Error(
      `alarmTopicArn '${value}' is not the ARN of a standard SNS topic ` +
        '(arn:aws:sns:<region>:<12-digit account>:<topic name>)',
    );
  }
  return { partition: partition!, region: region!, account: account!, name: name! };
}

/**
 * The alarm action that publishes to the topic. CloudWatch accepts a topic of another account (whose
 * access policy lets cloudwatch.amazonaws.com publish) but only in the alarm's own region, so a stack
 * pinned to another region stops at synth rather than at deploy.
 */
export function alarmTopicAction(scope: IConstruct, topicArn: string): cloudwatch.IAlarmAction {
  if (!Token.isUnresolved(topicArn)) {
    const { region } = parseAlarmTopicArn(topicArn);
    const stackRegion = Stack.of(scope).region;
    if (!Token.isUnresolved(stackRegion) && stackRegion !== region) {
      throw new Error(
        `alarmTopicArn is in ${region} but the stack deploys to ${stackRegion}: ` +
          'CloudWatch alarms can notify only an SNS topic in their own region',
      );
    }
  }
  return { bind: () => ({ alarmActionArn: topicArn }) };
}

/**
 * The topic of the same account and name in whichever region the stack is deployed: a StackSet deploys
 * one template to many regions, and each region's alarms can notify only that region's topic.
 */
export function alarmTopicArnInEachRegion(topicArn: string): string {
  const { partition, account, name } = parseAlarmTopicArn(topicArn);
  return Fn.join(':', ['arn', partition, 'sns', Aws.REGION, account, name]);
}
