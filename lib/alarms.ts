import { Aws, Duration, Fn, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct, IConstruct } from 'constructs';
import { ACCOUNT_ID, PARTITION_NAME, REGION_NAME } from '../aws/names';

/**
 * An alarm for something that should never happen: in ALARM from the first occurrence in a period, and
 * OK when nothing is reported (idle functions and queues send no data points).
 */
export function occurrenceAlarm(
  scope: Construct,
  id: string,
  description: string,
  metric: cloudwatch.IMetric,
): cloudwatch.Alarm {
  return new cloudwatch.Alarm(scope, id, {
    alarmDescription: description,
    metric,
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
}

/** In ALARM when the function fails at all (an error, a timeout) in a five-minute period. */
export function functionErrorsAlarm(
  scope: Construct,
  fn: lambda.IFunction,
  description: string,
): cloudwatch.Alarm {
  return occurrenceAlarm(
    scope,
    'ErrorsAlarm',
    description,
    fn.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
  );
}

/** Notifies when any of the alarms goes into ALARM and back to OK; nothing without an action. */
export function notifyOnStateChanges(
  alarms: readonly cloudwatch.Alarm[],
  notify: cloudwatch.IAlarmAction | undefined,
): void {
  if (notify === undefined) return;
  for (const alarm of alarms) {
    alarm.addAlarmAction(notify);
    alarm.addOkAction(notify);
  }
}

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
