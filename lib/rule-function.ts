import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  DEFAULT_SWEEP_REPORTING,
  DEFAULT_TIMEOUT_MINUTES,
  parseRefreshDays,
  parseSweepReporting,
  parseSweepSource,
  PASS_ALARM_DAYS,
  PASS_OVERDUE_FIELD,
  PROGRESS_TABLE_VARIABLE,
  SWEEP_SOURCE_VARIABLE,
  type SweepReporting,
  type SweepSource,
  sweepReportingEnvironment,
  type SweepReportingSettings,
} from '../settings/rule-function';
import { alarmTopicAction, functionErrorsAlarm, notifyOnStateChanges, occurrenceAlarm } from './alarms';
import { bundledFunctionProps } from './handler-code';
import { RULE_HANDLER } from './lambda-entries';
import { FailedInvocationsQueue, type FailedInvocationsKey } from './failed-invocations-queue';
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
   * Where the periodic sweep reads each model's configuration. `config` judges from the configuration
   * items AWS Config records (BatchGetResourceConfig, 100 models a call; tags from one advanced query)
   * and calls DescribeModel only for a model Config cannot answer for; `live` calls DescribeModel for
   * every model (and ListTags with an exemption tag), the state of the moment at one or two SageMaker
   * calls per model. @default 'config'
   */
  readonly sweepSource?: SweepSource;
  /**
   * With `sweepReporting` `delta`, every result Config holds is sent again once in this many days (1 to
   * 365), each model on its own day of the period, so no result is older than this. @default 30
   */
  readonly refreshDays?: number;
  /**
   * IAM role or user ARNs that may read the failed-invocations queue (`*` and `?` allowed, as in
   * `arn:aws:iam::*:role/SecurityAudit`). Its messages are the original Config events, container
   * Environment values included; every other principal is denied reading them.
   * @default nobody: the queue's alarm still fires, and readers can be added later
   */
  readonly failedInvocationsReaders?: readonly string[];
  /**
   * A customer-managed KMS key for the failed-invocations queue: `'create'` for a new one with
   * rotation, or a key (construct or ARN) whose key policy lets the function's role and the readers
   * use it. @default SQS-managed encryption
   */
  readonly failedInvocationsKey?: FailedInvocationsKey;
  /**
   * Instances of the function that may run at once, reserved from the account's pool, or `'none'`
   * (an account whose concurrency quota is too small to reserve from, as new accounts' can be).
   * @default 10
   */
  readonly reservedConcurrency?: number | 'none';
}

export const DEFAULT_TIMEOUT = Duration.minutes(DEFAULT_TIMEOUT_MINUTES);
export const DEFAULT_LOG_RETENTION = logs.RetentionDays.ONE_YEAR;
/** Lambda allots CPU in proportion to memory: 512 MB gives a sweep's concurrent calls headroom, cheaply. */
const MEMORY_MB = 512;
/** Lambda retries a failed asynchronous invocation at most twice; after that it goes to the queue. */
const ASYNC_RETRY_ATTEMPTS = 2;
/**
 * A change event takes tens of milliseconds, so 10 instances judge a few hundred changes a second, more
 * than a deployment of many models produces, and a sweep holds only one. A burst beyond it waits in
 * Lambda's asynchronous queue (retried for up to 6 hours), delaying verdicts by seconds, while the
 * rest of the account's concurrency stays free for its workloads.
 */
const DEFAULT_RESERVED_CONCURRENCY = 10;
const MAX_RESERVED_CONCURRENCY = 1000;

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
  /** The failure queue's customer-managed key, when it has one. */
  readonly failureQueueKey?: kms.IKey;
  readonly errorsAlarm: cloudwatch.Alarm;
  /** In ALARM while the failed-invocations queue holds a message: some event was never judged. */
  readonly failedInvocationsAlarm: cloudwatch.Alarm;
  /** The rule or conformance pack must depend on it, or Config's first invocation can be refused. */
  readonly invokePermission: lambda.CfnPermission;
  /** Where a sweep that runs out of time leaves its progress, one item per rule, for the next sweep. */
  readonly progressTable: dynamodb.Table;
  /** In ALARM while a pass over the fleet has been open for more than PASS_ALARM_DAYS days. */
  readonly passOverdueAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: RuleFunctionProps = {}) {
    super(scope, id);
    // Checked first, so that a bad setting stops synth before the handler is bundled.
    const notify =
      props.alarmTopicArn === undefined ? undefined : alarmTopicAction(this, props.alarmTopicArn);
    const reporting = sweepReportingSettings(props);
    const source =
      props.sweepSource === undefined ? undefined : parseSweepSource(props.sweepSource, 'sweepSource');
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? DEFAULT_LOG_RETENTION,
    });
    const reservedConcurrency = checkReservedConcurrency(
      props.reservedConcurrency ?? DEFAULT_RESERVED_CONCURRENCY,
    );
    const failed = new FailedInvocationsQueue(this, 'FailedInvocations', {
      readers: props.failedInvocationsReaders ?? [],
      ...(props.failedInvocationsKey !== undefined && { key: props.failedInvocationsKey }),
    });
    this.failureQueue = failed.queue;
    this.failureQueueKey = failed.key;

    // Disposable: lost progress only starts a new pass. Point-in-time recovery costs next to nothing here.
    this.progressTable = new dynamodb.Table(this, 'ProgressTable', {
      partitionKey: { name: 'ruleName', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.policy = new RuleExecutionPolicy(this, 'Policy', {
      progressTable: this.progressTable,
      logGroup: this.logGroup,
      failureQueue: this.failureQueue,
      ...(failed.key && { failureQueueKey: failed.key }),
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
        ...(source !== undefined && { [SWEEP_SOURCE_VARIABLE]: source }),
        [PROGRESS_TABLE_VARIABLE]: this.progressTable.tableName,
      },
      retryAttempts: ASYNC_RETRY_ATTEMPTS,
      onFailure: new SqsDestination(this.failureQueue),
      ...(reservedConcurrency !== 'none' && { reservedConcurrentExecutions: reservedConcurrency }),
    });

    this.errorsAlarm = functionErrorsAlarm(
      this,
      this.function,
      'The SageMaker model VPC rule function failed: some models may have no current verdict. ' +
        'See its log group and the failed-invocations queue.',
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
    this.passOverdueAlarm = occurrenceAlarm(
      this,
      'PassOverdueAlarm',
      `A pass of the periodic sweep over every SageMaker model has been open for more than ${PASS_ALARM_DAYS} ` +
        "days: some models have no current verdict. Sweep more often, raise the timeout, or use sweepSource 'config'.",
      this.logGroup
        .addMetricFilter('PassOverdue', {
          filterPattern: logs.FilterPattern.booleanValue(`$.${PASS_OVERDUE_FIELD}`, true),
          metricNamespace: 'SageMakerModelVpcRule',
          metricName: 'SweepPassOverdue',
          metricValue: '1',
        })
        .metric({ period: Duration.days(1), statistic: cloudwatch.Stats.SUM }),
    );
    notifyOnStateChanges([this.errorsAlarm, this.failedInvocationsAlarm, this.passOverdueAlarm], notify);

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

function checkReservedConcurrency(value: number | 'none'): number | 'none' {
  if (value === 'none' || (Number.isInteger(value) && value >= 1 && value <= MAX_RESERVED_CONCURRENCY)) {
    return value;
  }
  throw new Error(
    `reservedConcurrency must be 'none' or a whole number from 1 to ${MAX_RESERVED_CONCURRENCY}, got ${value}`,
  );
}
