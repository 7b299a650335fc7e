import { Stack } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { SageMakerModelVpcRule } from '../../../lib/sagemaker-model-vpc-rule';
import { accountArn, expectedSourceDetails, onlyLogicalId, synthRuleStack } from './synth';

describe('the default rule stack', () => {
  let template: Template;
  let functionId: string;
  let logGroupId: string;
  let queueId: string;
  let permissionId: string;

  beforeAll(() => {
    template = synthRuleStack().template;
    functionId = onlyLogicalId(template, 'AWS::Lambda::Function');
    logGroupId = onlyLogicalId(template, 'AWS::Logs::LogGroup');
    queueId = onlyLogicalId(template, 'AWS::SQS::Queue');
    permissionId = onlyLogicalId(template, 'AWS::Lambda::Permission');
  });

  describe('the function', () => {
    it('runs the bundled handler on Node.js 24 on arm64, sized for a sweep of thousands of models', () => {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: 512,
        Timeout: 600,
      });
    });

    it('maps stack traces through source maps and names its service in logs', () => {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: Match.objectLike({
            NODE_OPTIONS: '--enable-source-maps',
            POWERTOOLS_SERVICE_NAME: 'sagemaker-model-vpc-rule',
          }),
        },
      });
    });

    it('sweeps in delta mode, refreshing every held result once in 30 days, and says so in its configuration', () => {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: Match.objectLike({ SWEEP_REPORTING: 'delta', SWEEP_REFRESH_DAYS: '30' }),
        },
      });
    });

    it('logs to its own log group kept for a year, with no log-retention helper function', () => {
      template.hasResourceProperties('AWS::Lambda::Function', {
        LoggingConfig: { LogGroup: { Ref: logGroupId } },
      });
      template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
      template.resourceCountIs('Custom::LogRetention', 0);
      template.resourceCountIs('AWS::Lambda::Function', 1);
    });

    it('retries a failed asynchronous invocation twice, then sends it to the queue', () => {
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: functionId },
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
      });
    });

    it('sends failures to an encrypted queue that refuses unencrypted transport', () => {
      template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: queueId }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    });

    it('alarms on any function error within five minutes, treating no data as fine', () => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId } }],
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
        EvaluationPeriods: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
    });

    it('alarms while any failed invocation waits in the queue', () => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
        Statistic: 'Maximum',
        Period: 300,
        Threshold: 1,
        EvaluationPeriods: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
    });

    it('notifies no one without an alarm topic: the alarms only change state', () => {
      const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
      expect(alarms).toHaveLength(3);
      for (const alarm of alarms) {
        expect(alarm.Properties).not.toHaveProperty('AlarmActions');
        expect(alarm.Properties).not.toHaveProperty('OKActions');
      }
    });
  });

  describe('the invoke permission', () => {
    it('lets only AWS Config rules of this account and region invoke the function', () => {
      template.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': [functionId, 'Arn'] },
        Principal: 'config.amazonaws.com',
        SourceAccount: { Ref: 'AWS::AccountId' },
        SourceArn: accountArn('config', 'config-rule/*'),
      });
    });
  });

  describe('IAM', () => {
    const statements = (): Array<Record<string, unknown>> => {
      const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy'));
      expect(policies).toHaveLength(1);
      return policies[0]?.Properties.PolicyDocument.Statement;
    };
    const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

    it('grants exactly the actions the handler uses, each on the narrowest resource the action allows', () => {
      const granted = statements().map((statement) => ({
        effect: statement.Effect,
        actions: asList(statement.Action),
        resources: asList(statement.Resource),
        conditions: statement.Condition,
      }));
      expect(granted).toEqual([
        { effect: 'Allow', actions: ['sagemaker:ListModels'], resources: ['*'] },
        {
          effect: 'Allow',
          actions: ['sagemaker:DescribeModel', 'sagemaker:ListTags'],
          resources: [accountArn('sagemaker', 'model/*')],
        },
        {
          effect: 'Allow',
          actions: [
            'config:PutEvaluations',
            'config:GetResourceConfigHistory',
            'config:ListDiscoveredResources',
            'config:BatchGetResourceConfig',
            'config:SelectResourceConfig',
          ],
          resources: ['*'],
        },
        {
          effect: 'Allow',
          actions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
          resources: [{ 'Fn::GetAtt': [onlyLogicalId(template, 'AWS::DynamoDB::Table'), 'Arn'] }],
        },
        {
          effect: 'Allow',
          actions: ['config:GetComplianceDetailsByConfigRule'],
          resources: [accountArn('config', 'config-rule/*')],
        },
        {
          effect: 'Allow',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [{ 'Fn::GetAtt': [logGroupId, 'Arn'] }],
        },
        { effect: 'Allow', actions: ['sqs:SendMessage'], resources: [{ 'Fn::GetAtt': [queueId, 'Arn'] }] },
      ]);
    });

    it('has no wildcard action anywhere', () => {
      const actions = statements().flatMap((statement) => asList(statement.Action));
      expect(actions.filter((action) => String(action).includes('*'))).toEqual([]);
    });

    it('gives the function a role with only that customer-managed policy: no AWS managed or inline policies', () => {
      const policyId = onlyLogicalId(template, 'AWS::IAM::ManagedPolicy');
      template.resourceCountIs('AWS::IAM::Policy', 0);
      template.resourceCountIs('AWS::IAM::Role', 1);
      template.hasResourceProperties('AWS::IAM::Role', {
        ManagedPolicyArns: [{ Ref: policyId }],
        Policies: Match.absent(),
        AssumeRolePolicyDocument: {
          Statement: [
            { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
          ],
        },
      });
      template.hasResourceProperties('AWS::Lambda::Function', {
        Role: { 'Fn::GetAtt': [onlyLogicalId(template, 'AWS::IAM::Role'), 'Arn'] },
      });
    });
  });

  describe('the AWS Config rule', () => {
    it('is a custom Lambda rule on SageMaker models, named distinctly from the managed rule', () => {
      template.hasResourceProperties('AWS::Config::ConfigRule', {
        ConfigRuleName: 'sagemaker-model-vpc-configured',
        Scope: { ComplianceResourceTypes: ['AWS::SageMaker::Model'] },
        Source: { Owner: 'CUSTOM_LAMBDA', SourceIdentifier: { 'Fn::GetAtt': [functionId, 'Arn'] } },
      });
    });

    it('runs on both kinds of change notification and daily', () => {
      template.hasResourceProperties('AWS::Config::ConfigRule', {
        Source: {
          SourceDetails: expectedSourceDetails('TwentyFour_Hours'),
        },
      });
    });

    it('is created only after the invoke permission exists', () => {
      template.hasResource('AWS::Config::ConfigRule', { DependsOn: Match.arrayWith([permissionId]) });
    });

    it('is a standalone rule, not a conformance pack', () => {
      template.resourceCountIs('AWS::Config::ConformancePack', 0);
    });
  });

  it('outputs what the deploy guide refers to: function ARN, rule name, log group and failure queue', () => {
    template.hasOutput('FunctionArn', { Value: { 'Fn::GetAtt': [functionId, 'Arn'] } });
    template.hasOutput('ConfigRuleName', {
      Value: { Ref: onlyLogicalId(template, 'AWS::Config::ConfigRule') },
    });
    template.hasOutput('LogGroupName', { Value: { Ref: logGroupId } });
    template.hasOutput('FailedInvocationsQueueUrl', { Value: { Ref: queueId } });
  });
});

describe('settings from CDK context', () => {
  it('sets the timeout, log retention, rule name and sweep frequency', () => {
    const { template } = synthRuleStack({
      timeoutMinutes: '12',
      logRetentionDays: '30',
      ruleName: 'models-in-vpc',
      maximumExecutionFrequency: 'Six_Hours',
    });
    template.hasResourceProperties('AWS::Lambda::Function', { Timeout: 720 });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    template.hasResourceProperties('AWS::Config::ConfigRule', {
      ConfigRuleName: 'models-in-vpc',
      Source: {
        SourceDetails: Match.arrayWith([
          Match.objectLike({ MessageType: 'ScheduledNotification', MaximumExecutionFrequency: 'Six_Hours' }),
        ]),
      },
    });
  });

  it('keeps the sweep progress in its own on-demand table, one item per rule, and names it to the function', () => {
    const { template } = synthRuleStack();
    const tableId = onlyLogicalId(template, 'AWS::DynamoDB::Table');
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'ruleName', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ SWEEP_PROGRESS_TABLE: { Ref: tableId } }) },
    });
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.sweepPassOverdue IS TRUE }',
      MetricTransformations: [{ MetricName: 'SweepPassOverdue', MetricValue: '1' }],
    });
  });

  it.each([
    [{ sweepReporting: 'full' }, { SWEEP_REPORTING: 'full' }],
    [{ refreshDays: '7' }, { SWEEP_REPORTING: 'delta', SWEEP_REFRESH_DAYS: '7' }],
    [
      { sweepReporting: 'delta', refreshDays: 365 },
      { SWEEP_REPORTING: 'delta', SWEEP_REFRESH_DAYS: '365' },
    ],
    [{ sweepSource: 'live' }, { SWEEP_SOURCE: 'live' }],
  ])('passes the sweep settings %j to the function', (context, variables) => {
    const { template } = synthRuleStack(context);
    const [fn] = Object.values(template.findResources('AWS::Lambda::Function'));
    const environment = (fn?.Properties as { Environment: { Variables: Record<string, string> } }).Environment
      .Variables;
    expect(environment).toMatchObject(variables);
    if ('SWEEP_REPORTING' in variables && variables.SWEEP_REPORTING === 'full')
      expect(environment).not.toHaveProperty('SWEEP_REFRESH_DAYS');
  });

  it.each([
    [{ sweepReporting: 'changes' }, "Context sweepReporting must be one of delta, full, got 'changes'"],
    [{ sweepSource: 'describe' }, "Context sweepSource must be one of config, live, got 'describe'"],
    [{ refreshDays: '0' }, "Context refreshDays must be a whole number of days from 1 to 365, got '0'"],
    [
      { refreshDays: 'monthly' },
      "Context refreshDays must be a whole number of days from 1 to 365, got 'monthly'",
    ],
    [
      { sweepReporting: 'full', refreshDays: '7' },
      "refreshDays applies only with sweepReporting 'delta', not 'full'",
    ],
    [{ timeoutMinutes: '16' }, "Context timeoutMinutes must be a whole number from 1 to 15, got '16'"],
    [{ timeoutMinutes: 'ten' }, "Context timeoutMinutes must be a whole number from 1 to 15, got 'ten'"],
    [{ logRetentionDays: '42' }, 'Context logRetentionDays must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120'],
    [{ maximumExecutionFrequency: 'Daily' }, "maximumExecutionFrequency 'Daily' is not one of One_Hour"],
    [
      { deployAs: 'stackset' },
      "Context deployAs must be one of rule, conformancePack, functionOnly, got 'stackset'",
    ],
    [{ ruleName: ' padded' }, "Context ruleName ' padded' must be 1 to 128 characters"],
    [{ conformancePackName: 'pack' }, "conformancePackName applies only with deployAs 'conformancePack'"],
    [
      { deployAs: 'functionOnly', subnetIds: 'subnet-89abcdef', ruleName: 'r' },
      "configRuleName, subnetIds would be ignored with deployAs 'functionOnly'",
    ],
  ])('stops synth on a bad setting %j', (context, message) => {
    expect(() => synthRuleStack(context)).toThrow(message);
  });
});

describe('deploying only the function (-c deployAs=functionOnly), for a conformance pack put separately', () => {
  it('creates neither a rule nor a pack, but keeps the function and the invoke permission', () => {
    const { template } = synthRuleStack({ deployAs: 'functionOnly' });
    template.resourceCountIs('AWS::Config::ConfigRule', 0);
    template.resourceCountIs('AWS::Config::ConformancePack', 0);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.hasResourceProperties('AWS::Lambda::Permission', { Principal: 'config.amazonaws.com' });
    template.hasOutput('FunctionArn', {});
  });
});

describe('notifying an alarm topic (-c alarmTopicArn=...)', () => {
  const TOPIC_ARN = 'arn:aws:sns:eu-west-1:111122223333:rule-alarms';

  it('makes the topic the ALARM and OK action of every alarm', () => {
    const { template } = synthRuleStack({ alarmTopicArn: TOPIC_ARN });
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.map((alarm) => alarm.Properties.MetricName).sort()).toEqual([
      'ApproximateNumberOfMessagesVisible',
      'Errors',
      'SweepPassOverdue',
    ]);
    for (const alarm of alarms) {
      expect(alarm.Properties).toMatchObject({ AlarmActions: [TOPIC_ARN], OKActions: [TOPIC_ARN] });
    }
  });

  it.each([
    'arn:aws:sqs:eu-west-1:111122223333:rule-alarms',
    'arn:aws:sns:eu-west-1:11112222333:rule-alarms',
    'arn:aws:sns:eu-west:111122223333:rule-alarms',
    'arn:aws:sns:eu-west-1:111122223333:rule-alarms.fifo',
    'arn:aws:sns:eu-west-1:111122223333:rule-alarms:extra',
    'rule-alarms',
  ])('stops synth on %s, naming the setting', (alarmTopicArn) => {
    expect(() => synthRuleStack({ alarmTopicArn })).toThrow(
      `alarmTopicArn '${alarmTopicArn}' is not the ARN of a standard SNS topic`,
    );
  });

  it('refuses a topic in another region than a pinned stack, which CloudWatch would refuse at deploy', () => {
    const stack = new Stack(undefined, 'Pinned', { env: { account: '123456789012', region: 'us-east-1' } });
    expect(() => new SageMakerModelVpcRule(stack, 'Rule', { alarmTopicArn: TOPIC_ARN })).toThrow(
      'alarmTopicArn is in eu-west-1 but the stack deploys to us-east-1',
    );
  });
});

describe('sweep reporting props on the construct', () => {
  it.each([
    [{ refreshDays: 2.5 }, "refreshDays must be a whole number of days from 1 to 365, got '2.5'"],
    [{ refreshDays: 366 }, "refreshDays must be a whole number of days from 1 to 365, got '366'"],
    [{ sweepReporting: 'Full' as 'full' }, "sweepReporting must be one of delta, full, got 'Full'"],
  ])('refuses %j, naming the prop', (props, message) => {
    expect(() => new SageMakerModelVpcRule(new Stack(), 'Rule', props)).toThrow(message);
  });
});
