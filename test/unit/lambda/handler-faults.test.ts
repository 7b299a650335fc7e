import {
  GetComplianceDetailsByConfigRuleCommand,
  GetResourceConfigHistoryCommand,
  ListDiscoveredResourcesCommand,
  PutEvaluationsCommand,
} from '@aws-sdk/client-config-service';
import { DescribeModelCommand, ListModelsCommand, ListTagsCommand } from '@aws-sdk/client-sagemaker';
import { handler } from '../../../lambda/handler';
import { loadEvent, loadFixture } from '../../support/fixtures';
import {
  awsError,
  captureOutput,
  fakeConfig,
  fakeSageMaker,
  hangUntilAborted,
  remainingTime,
  type FakeModel,
} from '../../support/fake-aws';

const IN_VPC = { Subnets: ['subnet-1a2b3c4d'], SecurityGroupIds: ['sg-0123456789abcdef0'] };
const fleet = (count: number): FakeModel[] =>
  Array.from({ length: count }, (_, index) => ({
    name: `model-${String(index).padStart(3, '0')}`,
    vpcConfig: IN_VPC,
  }));
const sentIds = (config: ReturnType<typeof fakeConfig>): string[] =>
  config
    .evaluations()
    .map((evaluation) => evaluation.ComplianceResourceId ?? '')
    .sort();
/** A Lambda with 10 s left: new work stops at 6.5 s, sending at 9 s. */
const BUDGET_MS = 10_000;

/**
 * Runs the handler on fake timers up to just before Lambda's timeout, so that only the deadline (and
 * no machine load) decides what is cut: stubbed calls answer in microtasks, the hung ones never.
 */
async function invokeBefore(
  timeoutMs: number,
  event: unknown,
  context: ReturnType<typeof remainingTime> | undefined = remainingTime(timeoutMs),
): Promise<{ settled: boolean; error?: Error; output: string }> {
  jest.useFakeTimers();
  try {
    let settled = false;
    const run = captureOutput(() => handler(event, context)).finally(() => {
      settled = true;
    });
    await jest.advanceTimersByTimeAsync(timeoutMs - 1);
    const ended = settled;
    const { error, output } = await run;
    return { settled: ended, error: error as Error | undefined, output };
  } finally {
    jest.useRealTimers();
  }
}

describe('the invocation deadline', () => {
  afterEach(() => {
    delete process.env.SWEEP_CONCURRENCY;
  });

  it('abandons a DescribeModel that never answers, sends every verdict reached, and names the model', async () => {
    const sageMaker = fakeSageMaker(fleet(150));
    sageMaker.on(DescribeModelCommand, { ModelName: 'model-042' }).callsFake(hangUntilAborted(sageMaker));
    const config = fakeConfig({ judgedIds: ['long-gone'] });

    const { settled, error } = await invokeBefore(BUDGET_MS, loadEvent('scheduled'));

    expect(settled).toBe(true);
    expect(config.evaluations()).toHaveLength(149);
    expect(sentIds(config)).not.toContain('model-042');
    expect(error?.message).toMatch(
      /ModelsNotJudgedError: No verdict was reported for 1 of 150 models: model-042 \(DescribeModel failed: the invocation stopped starting AWS calls 3\.5 s before Lambda's timeout, to report what was reached\)/,
    );
    // Stopped before the clean-up, so no result is cleared on a partial view; that is said too.
    expect(error?.message).toContain('CleanupIncompleteError');
    expect(sentIds(config)).not.toContain('long-gone');
  });

  it('names the listed models it never started, and the listing it cut short', async () => {
    process.env.SWEEP_CONCURRENCY = '1';
    const sageMaker = fakeSageMaker(fleet(8), 5);
    sageMaker.on(DescribeModelCommand, { ModelName: 'model-002' }).callsFake(hangUntilAborted(sageMaker));
    const config = fakeConfig();

    const { error } = await invokeBefore(BUDGET_MS, loadEvent('scheduled'));

    expect(sentIds(config)).toEqual(['model-000', 'model-001']);
    const message = error?.message ?? '';
    expect(message).toContain('IncompleteListingError: ListModels stopped part-way');
    expect(message).toContain('No verdict was reported for 3 of 5 models: model-002 (DescribeModel failed');
    expect(message).toMatch(/model-003 \(not described: OutOfTimeError: the invocation stopped starting/);
    expect(message).toContain('model-004 (not described');
    // The second page was never asked for.
    expect(sageMaker.commandCalls(ListModelsCommand)).toHaveLength(1);
  });

  it('ends a PutEvaluations that never answers with an error naming the evaluation, before the timeout', async () => {
    const config = fakeConfig();
    config.stub.on(PutEvaluationsCommand).callsFake(hangUntilAborted(config.stub));

    const { settled, error } = await invokeBefore(BUDGET_MS, loadEvent('change-compliant'));

    expect(settled).toBe(true);
    expect(error?.message).toMatch(
      /^AWS Config did not accept 1 evaluation\(s\): fraud-scoring-v3 \(PutEvaluations failed: the invocation stopped sending evaluations 1\.0 s before Lambda's timeout/,
    );
  });

  it('ends a configuration history fetch that never answers with an error naming it', async () => {
    const config = fakeConfig();
    config.stub.on(GetResourceConfigHistoryCommand).callsFake(hangUntilAborted(config.stub));

    const { settled, error } = await invokeBefore(BUDGET_MS, loadEvent('oversized'));

    expect(settled).toBe(true);
    expect(error?.message).toMatch(
      /^GetResourceConfigHistory failed: the invocation stopped starting AWS calls/,
    );
    expect(config.stub).not.toHaveReceivedCommand(PutEvaluationsCommand);
  });

  it('has a deadline without a Lambda context too, so that nothing can hang forever', async () => {
    const config = fakeConfig();
    config.stub.on(PutEvaluationsCommand).callsFake(hangUntilAborted(config.stub));

    const { settled, error } = await invokeBefore(10 * 60_000, loadEvent('change-compliant'), undefined);

    expect(settled).toBe(true);
    expect(error?.message).toMatch(
      /PutEvaluations failed: the invocation stopped sending evaluations 3\.0 s before/,
    );
  });
});

describe('an oversized notification whose history answers for another resource', () => {
  type History = { configurationItems: Array<Record<string, unknown>> };

  it.each<[string, Record<string, unknown>, RegExp]>([
    [
      'another model',
      { resourceId: 'other-model', resourceName: 'other-model' },
      /^GetResourceConfigHistory answered with AWS::SageMaker::Model other-model, not the announced AWS::SageMaker::Model llm-ensemble; nothing was reported$/,
    ],
    [
      'another resource type',
      { resourceType: 'AWS::SageMaker::EndpointConfig' },
      /answered with AWS::SageMaker::EndpointConfig llm-ensemble, not the announced AWS::SageMaker::Model llm-ensemble/,
    ],
    [
      'a model of another name under the same ID',
      { resourceName: 'other-model' },
      /^GetResourceConfigHistory answered with AWS::SageMaker::Model llm-ensemble named other-model, not the announced AWS::SageMaker::Model llm-ensemble named llm-ensemble; nothing was reported$/,
    ],
  ])('%s: sends nothing and fails', async (_case, change, message) => {
    const history = loadFixture<History>('api/get-resource-config-history-oversized');
    Object.assign(history.configurationItems[0]!, change);
    const config = fakeConfig();
    config.stub.on(GetResourceConfigHistoryCommand).resolves(history);

    await expect(handler(loadEvent('oversized'))).rejects.toThrow(message);
    expect(config.stub).not.toHaveReceivedCommand(PutEvaluationsCommand);
  });
});

describe('DescribeModel answers that do not fit the model asked for', () => {
  it('fails a model whose description names another model, and reports no verdict for it', async () => {
    const sageMaker = fakeSageMaker([...fleet(2), { name: 'asked-for', vpcConfig: IN_VPC }]);
    sageMaker
      .on(DescribeModelCommand, { ModelName: 'asked-for' })
      .resolves({ ModelName: 'someone-else', VpcConfig: IN_VPC });
    const config = fakeConfig();

    await expect(handler(loadEvent('scheduled'))).rejects.toThrow(
      'asked-for (UnexpectedApiShapeError: Unexpected SageMaker API response: DescribeModel of asked-for answered for another model (someone-else))',
    );
    expect(sentIds(config)).toEqual(['model-000', 'model-001']);
  });

  it('fails a model ListModels has just returned that DescribeModel cannot find, and clears nothing for it', async () => {
    fakeSageMaker([...fleet(1), { name: 'flickering', vanished: true }]);
    const config = fakeConfig({ judgedIds: ['flickering'] });

    await expect(handler(loadEvent('scheduled'))).rejects.toThrow(
      /flickering \(UnexpectedApiShapeError: .*DescribeModel could not find flickering, which ListModels has just returned/,
    );
    expect(sentIds(config)).toEqual(['model-000']);
  });
});

describe('paging that never ends', () => {
  const repeatForever = { NextToken: 'same-token' };

  it('stops ListModels on a repeated NextToken, judging the models it saw on every page, and fails naming it', async () => {
    const sageMaker = fakeSageMaker(fleet(3));
    const listed = (name: string) => ({
      Models: [
        {
          ModelName: name,
          ModelArn: `arn:aws:sagemaker:eu-west-1:123456789012:model/${name}`,
          CreationTime: new Date(0),
        },
      ],
      ...repeatForever,
    });
    sageMaker
      .on(ListModelsCommand)
      .resolvesOnce(listed('model-000'))
      .resolvesOnce(listed('model-001'))
      .resolves(listed('model-002'));
    const config = fakeConfig();

    await expect(handler(loadEvent('scheduled'))).rejects.toThrow(
      'ListModels returned a NextToken it had already returned (page 2): paging would never end',
    );
    expect(sageMaker.commandCalls(ListModelsCommand)).toHaveLength(2);
    // The page that repeats the token was returned, so its model is judged too; no third page is asked for.
    expect(sentIds(config).sort()).toEqual(['model-000', 'model-001']);
  });

  it('judges and reports a model once when a repeated page lists it again', async () => {
    const sageMaker = fakeSageMaker(fleet(2));
    const page = {
      Models: fleet(2).map(({ name }) => ({
        ModelName: name,
        ModelArn: `arn:aws:sagemaker:eu-west-1:123456789012:model/${name}`,
        CreationTime: new Date(0),
      })),
      ...repeatForever,
    };
    sageMaker.on(ListModelsCommand).resolves(page);
    const config = fakeConfig();

    await expect(handler(loadEvent('scheduled'))).rejects.toThrow('ListModels returned a NextToken');
    expect(sageMaker.commandCalls(DescribeModelCommand)).toHaveLength(2);
    expect(sentIds(config)).toEqual(['model-000', 'model-001']);
  });

  it('stops ListTags on a repeated NextToken: the model is not judged', async () => {
    const sageMaker = fakeSageMaker([{ name: 'tagged', tags: { team: 'ml' } }]);
    sageMaker.on(ListTagsCommand).resolves({ Tags: [{ Key: 'team', Value: 'ml' }], ...repeatForever });
    fakeConfig();
    await expect(handler(loadEvent('scheduled-with-parameters'))).rejects.toThrow(
      'tagged (RepeatedPageTokenError: ListTags returned a NextToken it had already returned (page 2)',
    );
  });

  it('stops ListDiscoveredResources on a repeated nextToken before judging anything', async () => {
    fakeSageMaker(fleet(1));
    const config = fakeConfig();
    config.stub
      .on(ListDiscoveredResourcesCommand)
      .resolves({ resourceIdentifiers: [], nextToken: 'same-token' });
    await expect(handler(loadEvent('scheduled'))).rejects.toThrow(
      'ListDiscoveredResources returned a NextToken it had already returned (page 2)',
    );
    expect(config.stub).not.toHaveReceivedCommand(PutEvaluationsCommand);
  });

  it('stops GetComplianceDetailsByConfigRule on a repeated NextToken, sends every verdict, clears nothing', async () => {
    fakeSageMaker(fleet(1));
    const config = fakeConfig();
    config.stub
      .on(GetComplianceDetailsByConfigRuleCommand)
      .resolves({ EvaluationResults: [], ...repeatForever });
    await expect(handler(loadEvent('scheduled'))).rejects.toThrow(
      'Could not read the results AWS Config holds for the rule, so every verdict was sent and no stale ' +
        'result was cleared: RepeatedPageTokenError: GetComplianceDetailsByConfigRule returned a NextToken ' +
        'it had already returned (page 2)',
    );
    expect(sentIds(config)).toEqual(['model-000']);
  });
});

describe("a live model missing from Config's inventory", () => {
  const LIVE = 'live-model';
  const REAL_ID = 'b2f1c0de-real-resource-id';

  it('gets no verdict under a guessed ID, and its real result is not cleared', async () => {
    const sageMaker = fakeSageMaker([...fleet(1), { name: LIVE, vpcConfig: IN_VPC }]);
    // Config records model-000 but its inventory lacks live-model, whose ID is not its name.
    const config = fakeConfig({
      recorded: [['model-000', 'rid-000']],
      deleted: [[LIVE, REAL_ID]],
      judgedIds: ['rid-000', REAL_ID],
    });

    const { error, result } = await captureOutput(() => handler(loadEvent('scheduled')));

    expect(result).toBeUndefined();
    expect(sentIds(config)).toEqual(['rid-000']);
    expect((error as Error).message).toMatch(
      /^No verdict was reported for 1 of 2 models: live-model \(not in Config's inventory, which lists other SageMaker models, so its resourceId is unknown/,
    );
    // Kept because DescribeModel of the name Config recorded for the ID finds the model.
    expect(sageMaker).toHaveReceivedCommandWith(DescribeModelCommand, { ModelName: LIVE });
    expect(config.stub).toHaveReceivedCommandWith(ListDiscoveredResourcesCommand, {
      resourceIds: [REAL_ID],
      includeDeletedResources: true,
    });
  });

  it("keeps its real result even when Config's lookup of IDs does not know that ID either", async () => {
    const sageMaker = fakeSageMaker([...fleet(1), { name: LIVE, vpcConfig: IN_VPC }]);
    const config = fakeConfig({ recorded: [['model-000', 'rid-000']], judgedIds: ['rid-000', REAL_ID] });

    const { error } = await captureOutput(() => handler(loadEvent('scheduled')));

    expect(sentIds(config)).toEqual(['rid-000']);
    expect((error as Error).message).toMatch(/No verdict was reported for 1 of 2 models: live-model/);
    // An unknown ID is never taken for a model name where Config records models: REAL_ID is not described.
    expect(sageMaker).not.toHaveReceivedCommandWith(DescribeModelCommand, { ModelName: REAL_ID });
  });

  it('is a failure, not left waiting, when its creation time is far ahead of the clock', async () => {
    const future = new Date(Date.now() + 30 * 86_400_000);
    fakeSageMaker([...fleet(1), { name: 'time-traveller', vpcConfig: IN_VPC, createdAt: future }]);
    fakeConfig({ recorded: [['model-000', 'rid-000']] });
    await expect(handler(loadEvent('scheduled'))).rejects.toThrow(
      /No verdict was reported for 1 of 2 models: time-traveller \(not in Config's inventory/,
    );
  });

  it('is left to its change notification while Config may not have recorded it yet', async () => {
    fakeSageMaker([...fleet(1), { name: 'just-created', vpcConfig: IN_VPC, createdAt: new Date() }]);
    const config = fakeConfig({ recorded: [['model-000', 'rid-000']] });
    const summary = await handler(loadEvent('scheduled'));
    expect(sentIds(config)).toEqual(['rid-000']);
    expect(summary).toMatchObject({ awaitingInventory: 1, notJudged: 0 });
  });

  it('keeps a held result whose model cannot be checked, and says so', async () => {
    const sageMaker = fakeSageMaker(fleet(1));
    sageMaker
      .on(DescribeModelCommand, { ModelName: 'unknown-state' })
      .rejects(awsError('ThrottlingException', 'Rate exceeded'));
    const config = fakeConfig({ judgedIds: ['unknown-state'] });
    const summary = await handler(loadEvent('scheduled'));
    expect(config.evaluationFor('unknown-state')).toBeUndefined();
    expect(summary).toMatchObject({ staleResultsCleared: 0, heldResultsKept: 1 });
  });
});
