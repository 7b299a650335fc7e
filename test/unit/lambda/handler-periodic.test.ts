import {
  GetComplianceDetailsByConfigRuleCommand,
  ListDiscoveredResourcesCommand,
  PutEvaluationsCommand,
} from '@aws-sdk/client-config-service';
import { DescribeModelCommand, ListModelsCommand, ListTagsCommand } from '@aws-sdk/client-sagemaker';
import { handler } from '../../../lambda/handler';
import { latestRefreshTime } from '../../../lambda/report-selection';
import { loadEvent } from '../../support/fixtures';
import {
  awsError,
  captureOutput,
  fakeConfig,
  fakeSageMaker,
  SECRET_ENVIRONMENT_VALUE,
  type FakeHeldResult,
  type FakeModel,
} from '../../support/fake-aws';

const NOTIFICATION_TIME = new Date('2026-11-29T00:00:05.123Z');
const IN_VPC = { Subnets: ['subnet-1a2b3c4d'], SecurityGroupIds: ['sg-0123456789abcdef0'] };
const fleet = (count: number, vpcConfig = IN_VPC): FakeModel[] =>
  Array.from({ length: count }, (_, index) => ({
    name: `model-${String(index).padStart(3, '0')}`,
    vpcConfig,
  }));

/**
 * What Config holds for a model of `fleet` judged earlier, recorded when this sweep's notification was
 * created: after any refresh time the sweep has passed.
 */
const heldAs = (resourceId: string, fields: Partial<FakeHeldResult> = {}): FakeHeldResult => ({
  resourceId,
  compliance: 'COMPLIANT',
  annotation: 'VpcConfig has 1 subnet and 1 security group',
  recordedAt: NOTIFICATION_TIME,
  ...fields,
});

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
    // long-gone is unknown to Config, which records models here: it may be a live model's real ID.
    expect(cleared.map((evaluation) => evaluation.ComplianceResourceId)).toEqual(['rid-retired']);
    expect(cleared[0]).toMatchObject({
      Annotation: 'The model no longer exists',
      OrderingTimestamp: NOTIFICATION_TIME,
    });
    expect(summary).toMatchObject({ staleResultsCleared: 1, heldResultsKept: 1, notJudged: 0 });
  });

  it("clears a model name reported under before, where Config's inventory lists no model", async () => {
    const sageMaker = fakeSageMaker(fleet(2));
    const config = fakeConfig({ judgedIds: ['model-000', 'long-gone'] });
    const summary = await handler(loadEvent('scheduled'));
    expect(sageMaker).toHaveReceivedCommandWith(DescribeModelCommand, { ModelName: 'long-gone' });
    expect(config.evaluationFor('long-gone')).toMatchObject({
      ComplianceType: 'NOT_APPLICABLE',
      Annotation: 'The model no longer exists',
    });
    expect(summary).toMatchObject({ staleResultsCleared: 1, heldResultsKept: 0 });
  });

  it('keeps an unknown ID recorded within the hour: Config may not have caught up with a live model', async () => {
    const sageMaker = fakeSageMaker(fleet(1));
    const config = fakeConfig({ judgedIds: ['fresh-id'], judgedAt: new Date(Date.now() - 10 * 60_000) });
    const summary = await handler(loadEvent('scheduled'));
    expect(config.evaluationFor('fresh-id')).toBeUndefined();
    expect(sageMaker).not.toHaveReceivedCommandWith(DescribeModelCommand, { ModelName: 'fresh-id' });
    expect(summary).toMatchObject({ staleResultsCleared: 0, heldResultsKept: 1 });
  });

  it('takes no unknown ID for a model name once Config is seen to record models here', async () => {
    fakeSageMaker(fleet(1));
    // The inventory lists no live model, but Config knows one held ID: it records models in this region.
    const config = fakeConfig({
      deleted: [['retired', 'rid-retired']],
      judgedIds: ['rid-retired', 'unknown-id'],
    });
    const summary = await handler(loadEvent('scheduled'));
    expect(config.evaluationFor('rid-retired')?.ComplianceType).toBe('NOT_APPLICABLE');
    expect(config.evaluationFor('unknown-id')).toBeUndefined();
    expect(summary).toMatchObject({ staleResultsCleared: 1, heldResultsKept: 1 });
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

describe('ScheduledNotification sweep failing to read the results Config holds', () => {
  it('sends every verdict, clears nothing, and fails naming the read that failed', async () => {
    fakeSageMaker(fleet(3));
    const config = fakeConfig({
      held: fleet(3).map((model) => heldAs(model.name)),
      judgedIds: ['long-gone'],
    });
    config.stub
      .on(GetComplianceDetailsByConfigRuleCommand)
      .rejects(awsError('AccessDeniedException', 'config:GetComplianceDetailsByConfigRule'));

    const { error, output } = await captureOutput(() => handler(loadEvent('scheduled')));

    expect((error as Error).name).toBe('HeldResultsUnreadError');
    expect((error as Error).message).toBe(
      'Could not read the results AWS Config holds for the rule, so every verdict was sent and no stale ' +
        'result was cleared: GetComplianceDetailsByConfigRule failed: HTTP 400 AccessDeniedException: ' +
        'config:GetComplianceDetailsByConfigRule',
    );
    expect(config.evaluations().map((evaluation) => evaluation.ComplianceResourceId)).toEqual([
      'model-000',
      'model-001',
      'model-002',
    ]);
    expect(output).toMatch(
      /"message":"Evaluation summary".*"heldUnreadable":3.*"errors":\["HeldResultsUnreadError: .*config:GetComplianceDetailsByConfigRule"\]/,
    );
  });

  it('sends every verdict when a later page of the results fails, though the first pages matched', async () => {
    fakeSageMaker(fleet(4));
    const config = fakeConfig({
      held: fleet(4).map((model) => heldAs(model.name)),
      pageSize: 2,
    });
    config.stub
      .on(GetComplianceDetailsByConfigRuleCommand, { NextToken: '2' })
      .rejects(awsError('ThrottlingException', 'Rate exceeded'));

    const { error } = await captureOutput(() => handler(loadEvent('scheduled')));

    expect((error as Error).message).toContain('ThrottlingException: Rate exceeded');
    expect(config.evaluations()).toHaveLength(4);
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
    });
  });

  it('does not clear a result recorded after the sweep began: it may be a model created since', async () => {
    fakeSageMaker(fleet(1));
    const config = fakeConfig({ judgedIds: ['created-meanwhile'], judgedAt: new Date(Date.now() + 60_000) });
    const summary = await handler(loadEvent('scheduled'));
    expect(config.evaluationFor('created-meanwhile')).toBeUndefined();
    expect(summary.staleResultsCleared).toBe(0);
  });

  it('reads the results Config holds before sending anything', async () => {
    fakeSageMaker(fleet(3));
    const config = fakeConfig({ judgedIds: ['long-gone'] });
    await handler(loadEvent('scheduled'));
    const order = config.stub.calls().map((call) => call.args[0].constructor.name);
    expect(order.lastIndexOf('GetComplianceDetailsByConfigRuleCommand')).toBeLessThan(
      order.indexOf('PutEvaluationsCommand'),
    );
  });

  it('never clears a NOT_APPLICABLE result again', async () => {
    fakeSageMaker(fleet(1));
    const config = fakeConfig({
      held: [
        { resourceId: 'long-gone', compliance: 'NOT_APPLICABLE', annotation: 'The model no longer exists' },
      ],
    });
    const summary = await handler(loadEvent('scheduled'));
    expect(config.evaluationFor('long-gone')).toBeUndefined();
    expect(summary.staleResultsCleared).toBe(0);
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
  });
});

describe('ScheduledNotification sweep in delta mode (the default)', () => {
  const DAY = 86_400_000;
  const sentIds = (config: ReturnType<typeof fakeConfig>) =>
    config
      .evaluations()
      .map((evaluation) => evaluation.ComplianceResourceId)
      .sort();

  afterEach(() => {
    delete process.env.SWEEP_REPORTING;
    delete process.env.SWEEP_REFRESH_DAYS;
  });

  it('sends only new verdicts, changed ones and refreshes, and counts what it skipped', async () => {
    fakeSageMaker([...fleet(4), { name: 'no-vpc' }, { name: 'new-model', vpcConfig: IN_VPC }]);
    const config = fakeConfig({
      held: [
        heldAs('model-000'),
        heldAs('model-001'),
        heldAs('model-002', { annotation: 'VpcConfig has 2 subnets and 1 security group' }),
        heldAs('model-003', { recordedAt: new Date(NOTIFICATION_TIME.getTime() - 31 * DAY) }),
        heldAs('no-vpc'),
      ],
    });

    const summary = await handler(loadEvent('scheduled'));

    expect(sentIds(config)).toEqual(['model-002', 'model-003', 'new-model', 'no-vpc']);
    expect(config.evaluationFor('no-vpc')?.ComplianceType).toBe('NON_COMPLIANT');
    expect(summary).toMatchObject({
      modelsSwept: 6,
      counts: { COMPLIANT: 3, NON_COMPLIANT: 1 },
      evaluationsDelivered: 4,
      unchangedSkipped: 2,
      refreshed: 1,
      heldUnreadable: 0,
    });
  });

  it('warns when far more results are due for a refresh than the spread allows, as if Config kept old times', async () => {
    fakeSageMaker(fleet(40));
    const longAgo = new Date(NOTIFICATION_TIME.getTime() - 400 * DAY);
    fakeConfig({ held: fleet(40).map((model) => heldAs(model.name, { recordedAt: longAgo })) });

    const { output, result } = await captureOutput(() => handler(loadEvent('scheduled')));

    expect(result).toMatchObject({ refreshed: 40 });
    const warnings = output.split('\n').filter((line) => line.includes('due for a refresh than the spread'));
    expect(warnings.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ level: 'WARN', refreshed: 40, modelsListed: 40, refreshDays: 30 }),
    ]);
  });

  it('asks Config for NOT_APPLICABLE results too, so an exempt model is not sent again every day', async () => {
    fakeSageMaker([
      { name: 'sandbox', tags: { 'vpc-exempt': 'true' } },
      { name: 'new-sandbox', tags: { 'vpc-exempt': 'true' } },
    ]);
    const config = fakeConfig({
      held: [
        heldAs('sandbox', { compliance: 'NOT_APPLICABLE', annotation: 'Exempted by tag vpc-exempt=true' }),
      ],
    });

    const summary = await handler(loadEvent('scheduled-with-parameters'));

    expect(config.stub).toHaveReceivedCommandWith(GetComplianceDetailsByConfigRuleCommand, {
      ComplianceTypes: ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE'],
    });
    expect(sentIds(config)).toEqual(['new-sandbox']);
    expect(summary.unchangedSkipped).toBe(1);
  });

  it('sends nothing on a second sweep when nothing changed, and only the change after one', async () => {
    fakeSageMaker(fleet(3));
    const held = fleet(3).map((model) => heldAs(model.name));
    const config = fakeConfig({ held });
    await handler(loadEvent('scheduled'));
    expect(config.stub).not.toHaveReceivedCommand(PutEvaluationsCommand);

    fakeSageMaker([...fleet(2), { name: 'model-002' }]);
    const afterChange = fakeConfig({ held });
    await handler(loadEvent('scheduled'));
    expect(afterChange.evaluations()).toEqual([
      expect.objectContaining({ ComplianceResourceId: 'model-002', ComplianceType: 'NON_COMPLIANT' }),
    ]);
  });

  it('refreshes a held result once its refresh time has passed, SWEEP_REFRESH_DAYS days apart', async () => {
    process.env.SWEEP_REFRESH_DAYS = '7';
    const now = NOTIFICATION_TIME;
    fakeSageMaker(fleet(2));
    const config = fakeConfig({
      held: [
        heldAs('model-000', { recordedAt: new Date(latestRefreshTime('model-000', now, 7) - 1) }),
        heldAs('model-001', { recordedAt: new Date(latestRefreshTime('model-001', now, 7) + 1) }),
      ],
    });

    const summary = await handler(loadEvent('scheduled'));

    expect(sentIds(config)).toEqual(['model-000']);
    expect(summary).toMatchObject({ refreshed: 1, unchangedSkipped: 1 });
  });

  it('sends every verdict in full mode (SWEEP_REPORTING=full), whatever Config holds', async () => {
    process.env.SWEEP_REPORTING = 'full';
    fakeSageMaker(fleet(3));
    const config = fakeConfig({ held: fleet(3).map((model) => heldAs(model.name)) });
    const summary = await handler(loadEvent('scheduled'));
    expect(sentIds(config)).toEqual(['model-000', 'model-001', 'model-002']);
    expect(summary).toMatchObject({ unchangedSkipped: 0, refreshed: 0 });
  });

  it.each([
    ['SWEEP_REPORTING', 'changes', "SWEEP_REPORTING must be one of delta, full, got 'changes'"],
    ['SWEEP_REFRESH_DAYS', '0', "SWEEP_REFRESH_DAYS must be a whole number of days from 1 to 365, got '0'"],
    [
      'SWEEP_REFRESH_DAYS',
      '366',
      "SWEEP_REFRESH_DAYS must be a whole number of days from 1 to 365, got '366'",
    ],
    [
      'SWEEP_REFRESH_DAYS',
      '7.5',
      "SWEEP_REFRESH_DAYS must be a whole number of days from 1 to 365, got '7.5'",
    ],
    [
      'SWEEP_REFRESH_DAYS',
      'week',
      "SWEEP_REFRESH_DAYS must be a whole number of days from 1 to 365, got 'week'",
    ],
  ])('rejects %s=%p before sweeping anything', async (variable, value, message) => {
    process.env[variable] = value;
    const sageMaker = fakeSageMaker(fleet(3));
    const config = fakeConfig();
    await expect(handler(loadEvent('scheduled'))).rejects.toThrow(message);
    expect(sageMaker).not.toHaveReceivedCommand(DescribeModelCommand);
    expect(config.stub).not.toHaveReceivedCommand(PutEvaluationsCommand);
  });
});
