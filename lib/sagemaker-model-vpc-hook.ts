import { Duration, Stack } from 'aws-cdk-lib';
import { CfnLambdaHook } from 'aws-cdk-lib/aws-cloudformation';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  DEFAULT_HOOK_FAILURE_MODE,
  FAILURE_MODE_VARIABLE,
  parseHookFailureMode,
  RULE_PARAMETERS_VARIABLE,
  type HookFailureMode,
} from '../settings/hook-function';
import { MODEL_RESOURCE_TYPE } from '../evaluator/model-facts';
import { alarmTopicAction, functionErrorsAlarm, notifyOnStateChanges, occurrenceAlarm } from './alarms';
import { bundledFunctionProps } from './handler-code';
import { HOOK_HANDLER } from './lambda-entries';
import { DEFAULT_LOG_RETENTION } from './rule-function';
import { ruleInputParametersOf, type SageMakerModelVpcRuleParameters } from './rule-parameter-props';

export interface SageMakerModelVpcHookProps {
  /** The rule's parameters: the hook judges with exactly the rule's values. @default none set */
  readonly ruleParameters?: SageMakerModelVpcRuleParameters;
  /**
   * How the hook answers a request it cannot judge (malformed, misconfigured): WARN lets the model
   * through with a warning, FAIL stops it. A function that does not run at all (a timeout, throttling)
   * fails the hook whatever this says (see `errorsAlarm`). @default WARN, so a misconfigured hook does
   * not block every model deployment
   */
  readonly failureMode?: HookFailureMode;
  /** Unique per account and region, `Name1::Name2::Name3`. @default Private::SageMakerModelVpc::Hook */
  readonly alias?: string;
  /** Put the handler in the template as one CommonJS file, for StackSets. @default false */
  readonly inlineCode?: boolean;
  /** @default one year */
  readonly logRetention?: logs.RetentionDays;
  /** An SNS topic in the stack's region, notified by both alarms. @default none */
  readonly alarmTopicArn?: string;
}

const DEFAULT_HOOK_ALIAS = 'Private::SageMakerModelVpc::Hook';
/** CloudFormation's pattern for a hook alias: three parts, not starting with AWS. */
const HOOK_ALIAS = /^(?![Aa][Ww][Ss])[A-Za-z0-9]{2,64}::[A-Za-z0-9]{2,64}::[A-Za-z0-9]{2,64}$/;
/** Hooks wait up to 30 seconds for the function; judging one model takes milliseconds. */
const TIMEOUT = Duration.seconds(15);
const MEMORY_MB = 256;

/**
 * A CloudFormation Lambda hook that stops an AWS::SageMaker::Model outside a VPC before CloudFormation
 * or the Cloud Control API creates or updates it, judged by the rule's own evaluator and parameters:
 * the function, its role (its own logs only), the role CloudFormation Hooks assume to invoke it (this
 * account's hooks only), the hook, and alarms for requests it could not judge.
 */
export class SageMakerModelVpcHook extends Construct {
  readonly function: lambda.Function;
  readonly logGroup: logs.LogGroup;
  readonly executionRole: iam.Role;
  readonly hook: CfnLambdaHook;
  /** In ALARM when a request was answered by the failure mode: under WARN, a model went through unjudged. */
  readonly unjudgedAlarm: cloudwatch.Alarm;
  /** In ALARM when the function itself failed (a timeout): CloudFormation then fails the hook. */
  readonly errorsAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: SageMakerModelVpcHookProps = {}) {
    super(scope, id);
    // An unknown mode would make the function fall back to WARN at run time: every model let through.
    const failureMode = parseHookFailureMode(props.failureMode ?? DEFAULT_HOOK_FAILURE_MODE, 'failureMode');
    const alias = props.alias ?? DEFAULT_HOOK_ALIAS;
    if (!HOOK_ALIAS.test(alias)) {
      throw new Error(
        `hook alias '${alias}' must be Name1::Name2::Name3 (2 to 64 letters or digits each, not AWS)`,
      );
    }
    const notify =
      props.alarmTopicArn === undefined ? undefined : alarmTopicAction(this, props.alarmTopicArn);
    const inputParameters = ruleInputParametersOf(props.ruleParameters ?? {});
    const stack = Stack.of(this);

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? DEFAULT_LOG_RETENTION,
    });
    const functionRole = new iam.Role(this, 'FunctionRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Execution role of the SageMaker model VPC hook function: writes its own logs only',
      inlinePolicies: {
        WriteOwnLogs: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              resources: [this.logGroup.logGroupArn],
            }),
          ],
        }),
      },
    });
    const bundled = bundledFunctionProps(HOOK_HANDLER, props.inlineCode, 'sagemaker-model-vpc-hook');
    this.function = new lambda.Function(this, 'Function', {
      description: 'CloudFormation hook: stops SageMaker models that would run outside a VPC',
      ...bundled,
      memorySize: MEMORY_MB,
      timeout: TIMEOUT,
      role: functionRole.withoutPolicyUpdates(),
      logGroup: this.logGroup,
      environment: {
        ...bundled.environment,
        // toJsonString: IDs may be tokens (a VPC of the same app), resolved at deploy time.
        [RULE_PARAMETERS_VARIABLE]: stack.toJsonString(inputParameters),
        [FAILURE_MODE_VARIABLE]: failureMode,
      },
    });

    // Confused-deputy protection: only hooks of this account and region may assume the role.
    this.executionRole = new iam.Role(this, 'ExecutionRole', {
      assumedBy: new iam.ServicePrincipal('hooks.cloudformation.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: {
          'aws:SourceArn': stack.formatArn({
            service: 'cloudformation',
            resource: 'type/hook',
            resourceName: '*',
          }),
        },
      }),
      description: 'Assumed by CloudFormation Hooks to invoke the SageMaker model VPC hook function',
      inlinePolicies: {
        InvokeHookFunction: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              actions: ['lambda:InvokeFunction'],
              resources: [this.function.functionArn],
            }),
          ],
        }),
      },
    });

    this.hook = new CfnLambdaHook(this, 'Hook', {
      alias,
      lambdaFunction: this.function.functionArn,
      executionRole: this.executionRole.roleArn,
      // FAIL is what makes a FAILED answer stop the model; whether an unjudged request is FAILED is the
      // handler's failure mode above.
      failureMode: 'FAIL',
      hookStatus: 'ENABLED',
      targetOperations: ['RESOURCE', 'CLOUD_CONTROL'],
      targetFilters: {
        targets: (['CREATE', 'UPDATE'] as const).map((action) => ({
          targetName: MODEL_RESOURCE_TYPE,
          action,
          invocationPoint: 'PRE_PROVISION',
        })),
      },
    });

    const unjudged = new logs.MetricFilter(this, 'UnjudgedRequests', {
      logGroup: this.logGroup,
      filterPattern: logs.FilterPattern.stringValue('$.level', '=', 'ERROR'),
      metricNamespace: 'SageMakerModelVpcHook',
      metricName: 'UnjudgedRequests',
      metricValue: '1',
    });
    this.unjudgedAlarm = occurrenceAlarm(
      this,
      'UnjudgedAlarm',
      'The SageMaker model VPC hook could not judge a request and answered per its failure mode ' +
        '(under WARN, the model went through unjudged). See the hook log group.',
      unjudged.metric({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
    );
    this.errorsAlarm = functionErrorsAlarm(
      this,
      this.function,
      'The SageMaker model VPC hook function failed (a timeout or a crash): CloudFormation failed the hook ' +
        'and stopped the model. See the hook log group.',
    );
    notifyOnStateChanges([this.unjudgedAlarm, this.errorsAlarm], notify);
  }
}
