import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  DEFAULT_SWEEP_REPORTING,
  parseRefreshDays,
  parseSweepReporting,
  sweepReportingEnvironment,
  type SweepReporting,
  type SweepReportingSettings,
} from '../aws/sweep-reporting';
import { alarmTopicAction } from './alarm-topic';
import { notifyOnStateChanges, occurrenceAlarm } from './alarms';
import { bundledFunctionProps } from './handler-code';
import { RULE_HANDLER } from './lambda-entries';
import { RuleExecutionPolicy } from './rule-execution-policy';

export interface RuleFunctionProps {
  /** A periodic sweep describes every model in the region. @default 10 minutes (Lambda allows 15) */
  readonly timeout?: Duration;
  /** @default one year */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Put the handler in the template as one CommonJS file instead of a CDK asset, so that the template
   * deploys where CDK never bootstrapped, as through the organisation's StackSet. @default false
   */
  readonly inlineCode?: boolean;
  /**
   * An SNS topic (in the stack's region, possibly of another account) notified when either alarm goes
   * into ALARM and back to OK. @default no notification: the alarms only change state
   */
  readonly alarmTopicArn?: string;
  /**
   * What the periodic sweep sends to AWS Config, which charges per evaluation recorded. `delta` sends a
   * verdict only when Config holds no readable result for the model, or holds another compliance type or
   * annotation, or holds one due for its refresh (see `refreshDays`); `full` sends every verdict on every
   * sweep, for auditors who want a dated record per model per sweep, at one evaluation per model per sweep.
   * Change-triggered evaluations are the same in both. @default 'delta'
   */
  readonly sweepReporting?: SweepReporting;
  /**
   * With `sweepReporting` `delta`, every result Config holds is sent again once in this many days (1 to
   * 365), each model on its own day of the period, so no result is older than this. @default 30
   */
  readonly refreshDays?: number;
}

export const DEFAULT_TIMEOUT = Duration.minutes(10);
export const DEFAULT_LOG_RETENTION = logs.RetentionDays.ONE_YEAR;
/** Lambda allots CPU in proportion to memory: 512 MB gives a sweep's concurrent calls headroom, cheaply. */
const MEMORY_MB = 512;
/** Lambda retries a failed asynchronous invocation at most twice; after that it goes to the queue. */
const ASYNC_RETRY_ATTEMPTS = 2;

/**
 * The Lambda function AWS Config invokes, with its own role and least-privilege policy, log group,
 * an encrypted queue for invocations that failed every retry, alarms on errors and on that queue, and
 * the permission for AWS Config of this account to invoke it.
 */
export class RuleFunction extends Construct {
  readonly function: lambda.Function;
  readonly role: iam.Role;
  readonly policy: iam.ManagedPolicy;
  readonly logGroup: logs.LogGroup;
  readonly failureQueue: sqs.Queue;
  readonly errorsAlarm: cloudwatch.Alarm;
  /** In ALARM while the failed-invocations queue holds a message: some event was never judged. */
  readonly failedInvocationsAlarm: cloudwatch.Alarm;
  /** The rule or conformance pack must depend on it, or Config's first invocation can be refused. */
  readonly invokePermission: lambda.CfnPermission;

  constructor(scope: Construct, id: string, props: RuleFunctionProps = {}) {
    super(scope, id);
    // Checked first, so that a bad setting stops synth before the handler is bundled.
    const notify =
      props.alarmTopicArn === undefined ? undefined : alarmTopicAction(this, props.alarmTopicArn);
    const reporting = sweepReportingSettings(props);
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? DEFAULT_LOG_RETENTION,
    });
    this.failureQueue = new sqs.Queue(this, 'FailedInvocations', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.failureQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        "This queue is the function's on-failure destination, the last stop for failed invocations; " +
        'a dead-letter queue behind it would only move the same messages again.',
    });

    this.policy = new RuleExecutionPolicy(this, 'Policy', {
      logGroup: this.logGroup,
      failureQueue: this.failureQueue,
    }).policy;
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Execution role of the SageMaker model VPC rule function',
      managedPolicies: [this.policy],
    });

    const bundled = bundledFunctionProps(RULE_HANDLER, props.inlineCode, 'sagemaker-model-vpc-rule');
    this.function = new lambda.Function(this, 'Function', {
      description: 'AWS Config custom rule: SageMaker models must run in a VPC',
      ...bundled,
      memorySize: MEMORY_MB,
      timeout: props.timeout ?? DEFAULT_TIMEOUT,
      // Immutable here so that grants (the on-failure destination's) cannot add a second, unreviewed policy:
      // every permission lives in RuleExecutionPolicy.
      role: this.role.withoutPolicyUpdates(),
      logGroup: this.logGroup,
      environment: {
        ...bundled.environment,
        ...sweepReportingEnvironment(reporting),
      },
      retryAttempts: ASYNC_RETRY_ATTEMPTS,
      onFailure: new SqsDestination(this.failureQueue),
    });

    this.errorsAlarm = occurrenceAlarm(
      this,
      'ErrorsAlarm',
      'The SageMaker model VPC rule function failed: some models may have no current verdict. ' +
        'See its log group and the failed-invocations queue.',
      this.function.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
    );
    this.failedInvocationsAlarm = occurrenceAlarm(
      this,
      'FailedInvocationsAlarm',
      'An invocation of the SageMaker model VPC rule function failed every retry and waits in the ' +
        'failed-invocations queue: its models have no current verdict until the next periodic sweep.',
      this.failureQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
    );
    notifyOnStateChanges([this.errorsAlarm, this.failedInvocationsAlarm], notify);

    const stack = Stack.of(this);
    this.invokePermission = new lambda.CfnPermission(this, 'ConfigInvokePermission', {
      action: 'lambda:InvokeFunction',
      functionName: this.function.functionArn,
      principal: 'config.amazonaws.com',
      // Confused-deputy protection. Config rule ARNs end in a rule ID (config-rule/config-rule-ab12cd)
      // that exists only once the rule does, and a conformance pack names its rules itself, so the
      // ARN is a pattern over this account's and region's rules rather than one rule.
      sourceAccount: stack.account,
      sourceArn: stack.formatArn({ service: 'config', resource: 'config-rule', resourceName: '*' }),
    });
  }
}

/** The props' reporting settings, refused where one would be ignored or the Lambda would refuse it. */
function sweepReportingSettings(props: RuleFunctionProps): SweepReportingSettings {
  const reporting =
    props.sweepReporting === undefined
      ? DEFAULT_SWEEP_REPORTING.reporting
      : parseSweepReporting(props.sweepReporting, 'sweepReporting');
  if (props.refreshDays !== undefined && reporting !== 'delta') {
    throw new Error(`refreshDays applies only with sweepReporting 'delta', not '${reporting}'`);
  }
  return {
    reporting,
    refreshDays:
      props.refreshDays === undefined
        ? DEFAULT_SWEEP_REPORTING.refreshDays
        : parseRefreshDays(props.refreshDays, 'refreshDays'),
  };
}
