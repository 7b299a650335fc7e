import {
  GetComplianceDetailsByConfigRuleCommand,
  ListDiscoveredResourcesCommand,
  PutEvaluationsCommand,
} from '@aws-sdk/client-config-service';
import { DescribeModelCommand, ListModelsCommand, ListTagsCommand } from '@aws-sdk/client-sagemaker';
import { handler } from '../../../lambda/handler';
import { loadEvent } from '../../support/fixtures';
import {
  awsError,
  captureOutput,
  fakeConfig,
  fakeSageMaker,
  SECRET_ENVIRONMENT_VALUE,
  type FakeModel,
} from '../../support/fake-aws';

const NOTIFICATION_TIME = new Date('2026-11-29T00:00:05.123Z');
const IN_VPC = { Subnets: ['subnet-1a2b3c4d'], SecurityGroupIds: ['sg-0123456789abcdef0'] };
const fleet = (count: number, vpcConfig = IN_VPC): FakeModel[] =>
  Array.from({ length: count }, (_, index) => ({
    name: `model-${String(index).padStart(3, '0')}`,
    vpcConfig,
  }));

describe('ScheduledNotification sweep', () => {
  it('judges every model across ListModels pages and reports in batches of at most 100', async () => {
    const models = [
      ...fleet(248),
      { name: 'no-vpc' },
      { name: 'empty-lists', vpcConfig: { Subnets: [], SecurityGroupIds: [] } },
    ];
    const sageMaker = fakeSageMaker(models, 40);
    const config = fakeConfig();

    const summary = await handler(loadEvent('scheduled'));

    expect(sageMaker.commandCalls(ListModelsCommand)).toHaveLength(Math.ceil(250 / 40));
    expect(sageMaker).toHaveReceivedCommandTimes(DescribeModelCommand, 250);
    expect(sageMaker).not.toHaveReceivedCommand(ListTagsCommand);
    const batches = config.stub
      .commandCalls(PutEvaluationsCommand)
      .map((call) => call.args[0].input.Evaluations!.length);
    expect(batches).toEqual([100, 100, 50]);
    const evaluations = config.evaluations();
    expect(new Set(evaluations.map((evaluation) => evaluation.ComplianceResourceId)).size).toBe(250);
    expect(
      evaluations.every(
        (evaluation) => evaluation.OrderingTimestamp?.getTime() === NOTIFICATION_TIME.getTime(),
      ),
    ).toBe(true);
    expect(config.evaluationFor('no-vpc')).toMatchObject({
      ComplianceType: 'NON_COMPLIANT',
      Annotation: expect.stringMatching(/^VpcConfig is absent/),
    });
    expect(config.evaluationFor('empty-lists')?.ComplianceType).toBe('NON_COMPLIANT');
    expect(config.evaluationFor('model-000')).toMatchObject({
      ComplianceResourceType: 'AWS::SageMaker::Model',
      ComplianceType: 'COMPLIANT',
    });
    expect(summary).toMatchObject({
      modelsSwept: 250,
      counts: { COMPLIANT: 248, NON_COMPLIANT: 2 },
      putEvaluationsCalls: 3,
      notJudged: 0,
    });
  });

  it('reports under the resourceId Config records for each model', async () => {
    fakeSageMaker(fleet(2));
    const config = fakeConfig({
      recorded: [
        ['model-000', 'id-for-000'],
        ['model-001', 'id-for-001'],
      ],
      pageSize: 1,
    });

    await handler(loadEvent('scheduled'));

    expect(config.stub.commandCalls(ListDiscoveredResourcesCommand)).toHaveLength(2);
    expect(
      config
        .evaluations()
        .map((evaluation) => evaluation.ComplianceResourceId)
        .sort(),
    ).toEqual(['id-for-000', 'id-for-001']);
  });

  it('reports under the model name where Config records no SageMaker model at all', async () => {
    fakeSageMaker(fleet(2));
    const config = fakeConfig({ recorded: [] });
    await handler(loadEvent('scheduled'));
    expect(config.evaluations().map((evaluation) => evaluation.ComplianceResourceId)).toEqual([
      'model-000',
      'model-001',
    ]);
  });

  it("still judges every model when Config's inventory is empty", async () => {
    fakeSageMaker(fleet(5));
    const config = fakeConfig({ recorded: [] });
    await handler(loadEvent('scheduled'));
    expect(config.evaluations()).toHaveLength(5);
  });

  it('reads tags only when an exemption tag is configured, and exempts tagged models', async () => {
    const models: FakeModel[] = [
      { name: 'sandbox', tags: { team: 'research', 'vpc-exempt': 'true' } },
      { name: 'denied', tags: { 'vpc-exempt': 'false' } },
      {
        name: 'allowed',
        vpcConfig: { Subnets: ['subnet-1a2b3c4d'], SecurityGroupIds: ['sg-0123456789abcdef0'] },
      },
      {
        name: 'outside-allow-list',
        vpcConfig: { Subnets: ['subnet-ffffffff'], SecurityGroupIds: ['sg-0123456789abcdef0'] },
      },
    ];
    const sageMaker = fakeSageMaker(models);
    const config = fakeConfig();

    await handler(loadEvent('scheduled-with-parameters'));

    expect(sageMaker).toHaveReceivedCommandTimes(ListTagsCommand, 4 + 1); // sandbox has two tags: two pages of one
    expect(config.evaluationFor('sandbox')).toMatchObject({
      ComplianceType: 'NOT_APPLICABLE',
      Annotation: 'Exempted by tag vpc-exempt=true',
    });
    expect(config.evaluationFor('denied')?.ComplianceType).toBe('NON_COMPLIANT');
    expect(config.evaluationFor('allowed')?.ComplianceType).toBe('COMPLIANT');
    expect(config.evaluationFor('outside-allow-list')).toMatchObject({
      ComplianceType: 'NON_COMPLIANT',
      Annotation: 'subnets not in the allow-list: subnet-ffffffff',
    });
  });

  it('clears results Config still holds for models that DescribeModel says no longer exist', async () => {
    fakeSageMaker(fleet(2));
    const config = fakeConfig({
      recorded: [
        ['model-000', 'rid-000'],
        ['model-001', 'rid-001'],
      ],
      deleted: [['retired', 'rid-retired']],
      judgedIds: ['rid-000', 'rid-001', 'rid-retired', 'long-gone'],
      pageSize: 2,
    });

    const summary = await handler(loadEvent('scheduled'));

    expect(config.stub.commandCalls(GetComplianceDetailsByConfigRuleCommand)).toHaveLength(2);
    expect(config.stub).toHaveReceivedCommandWith(GetComplianceDetailsByConfigRuleCommand, {
      ConfigRuleName: 'sagemaker-model-vpc-configured',
    });
    const cleared = config
      .evaluations()
      .filter((evaluation) => evaluation.ComplianceType === 'NOT_APPLICABLE');
    expect(cleared.map((evaluation) => evaluation.ComplianceResourceId).sort()).toEqual([
      'long-gone',
      'rid-retired',
    ]);
    expect(cleared[0]).toMatchObject({
      Annotation: 'The model no longer exists',
      OrderingTimestamp: NOTIFICATION_TIME,
    });
    expect(summary).toMatchObject({ staleResultsCleared: 2, heldResultsKept: 0, notJudged: 0 });
  });

  it('gives no verdict to a model it cannot describe, reports the rest, then fails naming it', async () => {
    const models: FakeModel[] = [
      ...fleet(3),
      {
        name: 'locked',
        describeError: awsError(
          'AccessDeniedException',
          'User is not authorized to perform: sagemaker:DescribeModel',
        ),
      },
      {
        name: 'broken',
        describeError: awsError('InternalFailure', 'We encountered an internal error.', 500),
      },
    ];
    fakeSageMaker(models);
    const config = fakeConfig({ judgedIds: ['locked'] });

    const { error, output } = await captureOutput(() => handler(loadEvent('scheduled')));

    expect((error as Error).name).toBe('ModelsNotJudgedError');
    expect((error as Error).message).toMatch(/^No verdict was reported for 2 of 5 models: /);
    expect((error as Error).message).toContain(
      'locked (DescribeModel failed: HTTP 400 AccessDeniedException: User is not authorized to perform: sagemaker:DescribeModel)',
    );
    expect((error as Error).message).toContain(
      'broken (DescribeModel failed: HTTP 500 InternalFailure: We encountered an internal error.)',
    );
    expect(
      config
        .evaluations()
        .map((evaluation) => evaluation.ComplianceResourceId)
        .sort(),
    ).toEqual(['model-000', 'model-001', 'model-002']);
    expect(config.evaluations().every((evaluation) => evaluation.ComplianceType === 'COMPLIANT')).toBe(true);
    expect(output).toContain('"notJudged":2');
  });

  it('fails on a DescribeModel answer of an unexpected shape rather than judging it', async () => {
    const sageMaker = fakeSageMaker(fleet(2));
    sageMaker.on(DescribeModelCommand, { ModelName: 'model-001' }).resolves({});
    const config = fakeConfig();
    await expect(handler(loadEvent('scheduled'))).rejects.toThrow(
      /model-001 \(UnexpectedApiShapeError: .*DescribeModel of model-001 returned no ModelName\)/,
    );
    expect(config.evaluations().map((evaluation) => evaluation.ComplianceResourceId)).toEqual(['model-000']);
  });

  it('reports nothing when the models cannot be listed', async () => {
    const sageMaker = fakeSageMaker(fleet(2));
    sageMaker
      .on(ListModelsCommand)
      .rejects(awsError('AccessDeniedException', 'not authorized to perform: sagemaker:ListModels'));
    const config = fakeConfig();
    await expect(handler(loadEvent('scheduled'))).rejects.toThrow(/sagemaker:ListModels/);
    expect(config.stub).not.toHaveReceivedCommand(PutEvaluationsCommand);
  });

  it('never writes container Environment values to the logs, and logs one summary line', async () => {
    fakeSageMaker([
      ...fleet(3),
      { name: 'locked', describeError: awsError('AccessDeniedException', 'denied') },
    ]);
    fakeConfig();
    const { output } = await captureOutput(() => handler(loadEvent('scheduled-testmode')));
    expect(output).not.toContain(SECRET_ENVIRONMENT_VALUE);
    const summaries = output.split('\n').filter((line) => line.includes('"Evaluation summary"'));
    expect(summaries).toHaveLength(1);
    expect(JSON.parse(summaries[0]!)).toMatchObject({
      level: 'ERROR',
      summary: {
        messageType: 'ScheduledNotification',
        counts: { COMPLIANT: 3 },
        evaluationsDelivered: 3,
        modelsSwept: 4,
        notJudged: 1,
        durationMs: expect.any(Number),
      },
      errors: [expect.stringMatching(/^ModelsNotJudgedError: No verdict was reported for 1 of 4 models/)],
    });
  });

  it('logs the summary at INFO level when every model was judged and reported', async () => {
    fakeSageMaker(fleet(2));
    fakeConfig();
    const { output } = await captureOutput(() => handler(loadEvent('scheduled-testmode')));
    const summaries = output.split('\n').filter((line) => line.includes('"Evaluation summary"'));
    expect(summaries.map((line) => JSON.parse(line).level)).toEqual(['INFO']);
  });

  it('sends TestMode for the TESTMODE token', async () => {
    fakeSageMaker(fleet(1));
    const config = fakeConfig();
    await handler(loadEvent('scheduled-testmode'));
    expect(config.stub).toHaveReceivedCommandWith(PutEvaluationsCommand, {
      ResultToken: 'TESTMODE',
      TestMode: true,
    });
  });
});

describe('ScheduledNotification sweep failing late', () => {
  it('still sends the verdicts it reached when listing held results fails', async () => {
    fakeSageMaker(fleet(3));
    const config = fakeConfig();
    config.stub
      .on(GetComplianceDetailsByConfigRuleCommand)
      .rejects(awsError('AccessDeniedException', 'config:GetComplianceDetailsByConfigRule'));

    const { error, output } = await captureOutput(() => handler(loadEvent('scheduled')));

    expect((error as Error).message).toContain('config:GetComplianceDetailsByConfigRule');
    expect(config.evaluations().map((evaluation) => evaluation.ComplianceResourceId)).toEqual([
      'model-000',
      'model-001',
      'model-002',
    ]);
    expect(output).toMatch(
      /"message":"Evaluation summary".*"errors":\["CleanupIncompleteError: The clean-up of results held for vanished models did not finish: GetComplianceDetailsByConfigRule failed: HTTP 400 AccessDeniedException: config:GetComplianceDetailsByConfigRule"\]/,
    );
  });
});

describe('ScheduledNotification sweep pipelining', () => {
  it('starts describing models before ListModels has returned its last page', async () => {
    const sageMaker = fakeSageMaker(fleet(250), 100);
    fakeConfig();
    await handler(loadEvent('scheduled'));
    const order = sageMaker.calls().map((call) => call.args[0].constructor.name);
    expect(order.lastIndexOf('ListModelsCommand')).toBeGreaterThan(order.indexOf('DescribeModelCommand'));
  });
});

describe('SWEEP_CONCURRENCY', () => {
  afterEach(() => {
    delete process.env.SWEEP_CONCURRENCY;
  });

  it.each(['0', '65', 'eight', '2.5'])('rejects %p before sweeping anything', async (value) => {
    process.env.SWEEP_CONCURRENCY = value;
    const sageMaker = fakeSageMaker(fleet(3));
    const config = fakeConfig();
    await expect(handler(loadEvent('scheduled'))).rejects.toThrow(
      `SWEEP_CONCURRENCY must be a whole number from 1 to 64, got '${value}'`,
    );
    expect(sageMaker).not.toHaveReceivedCommand(DescribeModelCommand);
    expect(config.stub).not.toHaveReceivedCommand(PutEvaluationsCommand);
  });

  it('bounds the DescribeModel calls in flight', async () => {
    process.env.SWEEP_CONCURRENCY = '2';
    const sageMaker = fakeSageMaker(fleet(12));
    let inFlight = 0;
    let peak = 0;
    sageMaker.on(DescribeModelCommand).callsFake(async (input: { ModelName: string }) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      return { ModelName: input.ModelName, VpcConfig: IN_VPC };
    });
    fakeConfig();
    await handler(loadEvent('scheduled'));
    expect(peak).toBe(2);
  });
});

describe('ScheduledNotification sweep and the results Config holds', () => {
  it('never clears a result held under an ID that may still name a live model', async () => {
    fakeSageMaker(fleet(3));
    const config = fakeConfig({
      recorded: [
        ['model-000', 'rid-000'],
        ['model-001', 'rid-001-a'],
        ['model-001', 'rid-001-b'],
        ['model-002', 'rid-002'],
        [undefined, 'rid-unnamed'],
      ],
      judgedIds: ['rid-000', 'rid-001-a', 'rid-001-b', 'rid-unnamed', 'rid-002', 'model-002', 'long-gone'],
    });

    await handler(loadEvent('scheduled'));

    const verdicts = Object.fromEntries(
      config.evaluations().map((e) => [e.ComplianceResourceId, e.ComplianceType]),
    );
    expect(verdicts).toEqual({
      'rid-000': 'COMPLIANT',
      'rid-001-a': 'COMPLIANT',
      'rid-001-b': 'COMPLIANT',
      'rid-002': 'COMPLIANT',
      'long-gone': 'NOT_APPLICABLE',
    });
  });

  it('does not clear a result recorded after the sweep began: it may be a model created since', async () => {
    fakeSageMaker(fleet(1));
    const config = fakeConfig({ judgedIds: ['created-meanwhile'], judgedAt: new Date(Date.now() + 60_000) });
    const summary = await handler(loadEvent('scheduled'));
    expect(config.evaluationFor('created-meanwhile')).toBeUndefined();
    expect(summary.staleResultsCleared).toBe(0);
  });

  it('sends the verdicts it reached before paging through the held results', async () => {
    fakeSageMaker(fleet(3));
    const config = fakeConfig({ judgedIds: ['long-gone'] });
    await handler(loadEvent('scheduled'));
    const order = config.stub.calls().map((call) => call.args[0].constructor.name);
    expect(order.indexOf('PutEvaluationsCommand')).toBeLessThan(
      order.indexOf('GetComplianceDetailsByConfigRuleCommand'),
    );
  });

  it('when ListModels fails part-way: reports the models it reached, clears nothing, and names every failure', async () => {
    const models: FakeModel[] = [
      ...fleet(3),
      { name: 'locked', describeError: awsError('AccessDeniedException', 'sagemaker:DescribeModel denied') },
      ...fleet(4).slice(3),
    ];
    const sageMaker = fakeSageMaker(models, 4);
    sageMaker
      .on(ListModelsCommand, { NextToken: '4' })
      .rejects(awsError('ServiceUnavailable', 'Service is unavailable', 503));
    const config = fakeConfig({ judgedIds: ['long-gone'] });

    const { error } = await captureOutput(() => handler(loadEvent('scheduled')));

    expect((error as Error).name).toBe('InvocationFailedError');
    expect((error as Error).message).toContain(
      'IncompleteListingError: ListModels stopped part-way, so the models after it were not judged and no stale result was cleared: ListModels failed: HTTP 503 ServiceUnavailable: Service is unavailable',
    );
    expect((error as Error).message).toContain(
      'locked (DescribeModel failed: HTTP 400 AccessDeniedException: sagemaker:DescribeModel denied)',
    );
    expect(
      config
        .evaluations()
        .map((e) => e.ComplianceResourceId)
        .sort(),
    ).toEqual(['model-000', 'model-001', 'model-002']);
    expect(config.stub).not.toHaveReceivedCommand(GetComplianceDetailsByConfigRuleCommand);
  });
});
