import { GetResourceConfigHistoryCommand, PutEvaluationsCommand } from '@aws-sdk/client-config-service';
import { handler } from '../../../lambda/handler';
import { loadEvent, loadFixture } from '../../support/fixtures';
import { captureOutput, fakeConfig, type FakeConfig } from '../../support/fake-aws';

let config: FakeConfig;
beforeEach(() => {
  config = fakeConfig();
});

const CAPTURE_TIME = new Date('2026-11-28T09:15:42.318Z');

describe('ConfigurationItemChangeNotification', () => {
  it.each<[string, string, string, RegExp]>([
    ['change-compliant', 'fraud-scoring-v3', 'COMPLIANT', /^VpcConfig has 2 subnets and 1 security group$/],
    ['change-without-vpc-config', 'churn-model', 'NON_COMPLIANT', /^VpcConfig is absent/],
    [
      'change-empty-lists',
      'churn-model-empty',
      'NON_COMPLIANT',
      /^VpcConfig.Subnets is empty; VpcConfig.SecurityGroupIds is empty$/,
    ],
    [
      'change-invalid-ids',
      'recs-model',
      'NON_COMPLIANT',
      /invalid subnet IDs: 'default', ''; .*invalid security group IDs: 'sg-XYZ'/,
    ],
    ['change-exempted-by-tag', 'sandbox-model', 'NOT_APPLICABLE', /^Exempted by tag vpc-exempt$/],
    ['change-deleted', 'old-model', 'NOT_APPLICABLE', /status is ResourceDeleted/],
    ['change-left-scope', 'fraud-scoring-v3', 'NOT_APPLICABLE', /left the scope/],
    [
      'change-other-resource-type',
      'fraud-endpoint-config',
      'NOT_APPLICABLE',
      /AWS::SageMaker::EndpointConfig is not a SageMaker model/,
    ],
    [
      'change-with-allow-lists',
      'fraud-scoring-v3',
      'NON_COMPLIANT',
      /subnets not in the allow-list: subnet-1a2b3c4d; EnableNetworkIsolation is not true/,
    ],
  ])('%s: reports %s as %s', async (fixture, resourceId, complianceType, annotation) => {
    const event = loadEvent(fixture);
    const item = (
      JSON.parse(event.invokingEvent as string) as { configurationItem: { resourceType: string } }
    ).configurationItem;

    await handler(event);

    expect(config.stub).toHaveReceivedCommandTimes(PutEvaluationsCommand, 1);
    expect(config.stub).not.toHaveReceivedCommand(GetResourceConfigHistoryCommand);
    const [evaluation] = config.evaluations();
    expect(evaluation).toEqual({
      ComplianceResourceType: item.resourceType,
      ComplianceResourceId: resourceId,
      ComplianceType: complianceType,
      Annotation: expect.stringMatching(annotation),
      OrderingTimestamp: CAPTURE_TIME,
    });
    expect(config.stub).toHaveReceivedCommandWith(PutEvaluationsCommand, {
      ResultToken: event.resultToken,
    });
    expect(config.stub.commandCalls(PutEvaluationsCommand)[0]!.args[0].input.TestMode).toBeUndefined();
  });

  it('sends TestMode when the result token is TESTMODE', async () => {
    await handler({ ...loadEvent('change-compliant'), resultToken: 'TESTMODE' });
    expect(config.stub).toHaveReceivedCommandWith(PutEvaluationsCommand, {
      ResultToken: 'TESTMODE',
      TestMode: true,
    });
  });

  it('fails on a live item without a configuration object instead of guessing', async () => {
    await expect(handler(loadEvent('invalid-live-item-without-configuration'))).rejects.toThrow(
      /fraud-scoring-v3 has an unexpected shape: a live SageMaker model item has no configuration object/,
    );
    expect(config.stub).not.toHaveReceivedCommand(PutEvaluationsCommand);
  });

  it('never writes container Environment values to the logs', async () => {
    const { output } = await captureOutput(() => handler(loadEvent('change-compliant')));
    expect(output).toContain('Evaluation summary');
    expect(output).not.toContain('hunter2-do-not-log');
  });
});

describe('OversizedConfigurationItemChangeNotification', () => {
  it('fetches the item from the configuration history and judges it like a change event', async () => {
    config.stub
      .on(GetResourceConfigHistoryCommand)
      .resolves(loadFixture('api/get-resource-config-history-oversized'));

    const { output } = await captureOutput(() => handler(loadEvent('oversized')));

    expect(config.stub).toHaveReceivedCommandWith(GetResourceConfigHistoryCommand, {
      resourceType: 'AWS::SageMaker::Model',
      resourceId: 'llm-ensemble',
      laterTime: new Date('2026-11-28T10:02:11.004Z'),
      limit: 1,
    });
    expect(config.evaluations()).toEqual([
      {
        ComplianceResourceType: 'AWS::SageMaker::Model',
        ComplianceResourceId: 'llm-ensemble',
        ComplianceType: 'NON_COMPLIANT',
        Annotation: 'VpcConfig.SecurityGroupIds is empty',
        OrderingTimestamp: new Date('2026-11-28T10:02:11.004Z'),
      },
    ]);
    expect(output).not.toContain('tok-secret-value-never-logged');
  });

  it('reports a deleted resource as NOT_APPLICABLE without fetching it', async () => {
    await handler(loadEvent('oversized-deleted'));
    expect(config.stub).not.toHaveReceivedCommand(GetResourceConfigHistoryCommand);
    expect(config.evaluations()).toEqual([
      expect.objectContaining({ ComplianceResourceId: 'llm-ensemble', ComplianceType: 'NOT_APPLICABLE' }),
    ]);
  });

  it('fails loudly and reports nothing when the history has no item', async () => {
    config.stub.on(GetResourceConfigHistoryCommand).resolves({ configurationItems: [] });
    await expect(handler(loadEvent('oversized'))).rejects.toThrow(
      'GetResourceConfigHistory returned no configuration item for AWS::SageMaker::Model llm-ensemble at 2026-11-28T10:02:11.004Z',
    );
    expect(config.stub).not.toHaveReceivedCommand(PutEvaluationsCommand);
  });

  it('fails on a history item whose configuration is not JSON', async () => {
    const history = loadFixture<{ configurationItems: Array<Record<string, unknown>> }>(
      'api/get-resource-config-history-oversized',
    );
    history.configurationItems[0]!.configuration = '{"VpcConfig":';
    config.stub.on(GetResourceConfigHistoryCommand).resolves(history);
    await expect(handler(loadEvent('oversized'))).rejects.toThrow(
      /llm-ensemble has an unexpected shape: configuration is not valid JSON/,
    );
    expect(config.stub).not.toHaveReceivedCommand(PutEvaluationsCommand);
  });
});

describe('invalid input', () => {
  it.each<[string, RegExp]>([
    ['invalid-invoking-event-json', /^Invalid AWS Config event: invokingEvent is not valid JSON/],
    [
      'invalid-unknown-message-type',
      /^Invalid AWS Config event: unknown messageType 'ConfigurationSnapshotDeliveryCompleted'/,
    ],
    ['invalid-missing-result-token', /^Invalid AWS Config event: the event.resultToken is missing$/],
    [
      'invalid-rule-parameters-value',
      /^Invalid rule parameter requireNetworkIsolation: 'maybe' is neither true nor false$/,
    ],
    [
      'invalid-rule-parameters-json',
      /^Invalid rule parameter ruleParameters: not valid JSON \(at character 1\)$/,
    ],
    ['invalid-allow-list-id', /^Invalid rule parameter subnetIds: 'subnet-public' is not subnet-/],
  ])('%s: fails with a clear error and reports nothing', async (fixture, message) => {
    const { error, output } = await captureOutput(() => handler(loadEvent(fixture)));
    expect((error as Error).message).toMatch(message);
    expect(output).toContain('Rejected the invocation before evaluating anything');
    expect(config.stub).not.toHaveReceivedCommand(PutEvaluationsCommand);
  });

  it.each<[string, unknown, RegExp]>([
    ['not an object', 'hello', /the event must be a JSON object/],
    [
      'an invokingEvent that is not an object',
      { ...loadEvent('change-compliant'), invokingEvent: '[]' },
      /invokingEvent must be a JSON object/,
    ],
    [
      'a non-boolean eventLeftScope',
      { ...loadEvent('change-compliant'), eventLeftScope: 'true' },
      /eventLeftScope must be a boolean/,
    ],
    [
      'no configRuleName',
      { ...loadEvent('scheduled'), configRuleName: undefined },
      /configRuleName is missing/,
    ],
    [
      'a change event without configurationItem',
      {
        ...loadEvent('change-compliant'),
        invokingEvent: '{"messageType":"ConfigurationItemChangeNotification"}',
      },
      /invokingEvent.configurationItem must be a JSON object/,
    ],
    [
      'an item without a capture time',
      {
        ...loadEvent('change-compliant'),
        invokingEvent: JSON.stringify({
          messageType: 'ConfigurationItemChangeNotification',
          configurationItem: {
            resourceType: 'AWS::SageMaker::Model',
            resourceId: 'm',
            configurationItemStatus: 'OK',
            configurationItemCaptureTime: 'yesterday',
          },
        }),
      },
      /invokingEvent.configurationItem.configurationItemCaptureTime 'yesterday' is not a timestamp/,
    ],
  ])('rejects %s', async (_case, event, message) => {
    await expect(handler(event)).rejects.toThrow(message);
    expect(config.stub).not.toHaveReceivedCommand(PutEvaluationsCommand);
  });
});

describe('change notifications that cannot be judged yet or at all', () => {
  it('refuses an oversized item the history does not have yet, instead of judging an older one', async () => {
    const history = loadFixture<{ configurationItems: Array<Record<string, unknown>> }>(
      'api/get-resource-config-history-oversized',
    );
    history.configurationItems[0]!.configurationItemCaptureTime = '2026-11-27T08:00:00.000Z';
    config.stub.on(GetResourceConfigHistoryCommand).resolves(history);
    await expect(handler(loadEvent('oversized'))).rejects.toThrow(
      /does not have the item of llm-ensemble captured at 2026-11-28T10:02:11.004Z yet \(its latest is from 2026-11-27T08:00:00.000Z\)/,
    );
    expect(config.stub).not.toHaveReceivedCommand(PutEvaluationsCommand);
  });

  it('reports an oversized item that left the scope as NOT_APPLICABLE without fetching it', async () => {
    await handler({ ...loadEvent('oversized'), eventLeftScope: true });
    expect(config.stub).not.toHaveReceivedCommand(GetResourceConfigHistoryCommand);
    expect(config.evaluations()).toEqual([
      expect.objectContaining({
        ComplianceResourceId: 'llm-ensemble',
        ComplianceType: 'NOT_APPLICABLE',
        Annotation: 'The resource left the scope of the rule',
      }),
    ]);
  });

  it('fails on a configuration item status it does not know rather than guessing', async () => {
    const event = loadEvent('change-compliant');
    const invokingEvent = JSON.parse(event.invokingEvent as string);
    invokingEvent.configurationItem.configurationItemStatus = 'ResourceArchived';
    await expect(handler({ ...event, invokingEvent: JSON.stringify(invokingEvent) })).rejects.toThrow(
      /^Unknown configurationItemStatus 'ResourceArchived'; expected one of OK, ResourceDiscovered,/,
    );
    expect(config.stub).not.toHaveReceivedCommand(PutEvaluationsCommand);
  });

  it('does not quote a malformed invokingEvent, which may hold container Environment values', async () => {
    const event = loadEvent('change-compliant');
    const broken = (event.invokingEvent as string).replace('"hunter2-do-not-log"', 'hunter2-do-not-log');
    const { error, output } = await captureOutput(() => handler({ ...event, invokingEvent: broken }));
    expect((error as Error).message).toMatch(
      /^Invalid AWS Config event: invokingEvent is not valid JSON(?: \(at character \d+\))?$/,
    );
    expect(output).toContain('Rejected the invocation');
    expect(`${(error as Error).message}${output}`).not.toContain('hunter2');
  });
});
