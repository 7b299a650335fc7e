import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';

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
