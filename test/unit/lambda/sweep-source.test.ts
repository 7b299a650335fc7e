import {
  BatchGetResourceConfigCommand,
  SelectResourceConfigCommand,
  type BaseConfigurationItem,
} from '@aws-sdk/client-config-service';
import { DescribeModelCommand, ListTagsCommand } from '@aws-sdk/client-sagemaker';
import { handler } from '../../../lambda/handler';
import { loadEvent } from '../../support/fixtures';
import {
  captureOutput,
  fakeConfig,
  fakeSageMaker,
  recordedModelItem,
  SECRET_ENVIRONMENT_VALUE,
  type FakeModel,
  type FakeRecordedItem,
} from '../../support/fake-aws';

const IN_VPC = { Subnets: ['subnet-1a2b3c4d'], SecurityGroupIds: ['sg-0123456789abcdef0'] };
const names = (count: number): string[] =>
  Array.from({ length: count }, (_, index) => `model-${String(index).padStart(3, '0')}`);
/** SageMaker says every model is in a VPC: a verdict that is NON_COMPLIANT came from Config's item. */
const liveInVpc = (list: readonly string[]): FakeModel[] => list.map((name) => ({ name, vpcConfig: IN_VPC }));
const inventory = (list: readonly string[]) => list.map((name) => [name, `id-${name}`] as const);
/** Config recorded each model without a VpcConfig. */
const itemsOutOfVpc = (
  list: readonly string[],
  fields: Partial<BaseConfigurationItem> = {},
): Record<string, FakeRecordedItem> =>
  Object.fromEntries(
    list.map((name) => [`id-${name}`, { item: recordedModelItem(`id-${name}`, name, {}, fields) }]),
  );

afterEach(() => {
  delete process.env.SWEEP_SOURCE;
});

/** The handler's structured log lines. */
const logLines = (output: string): Array<Record<string, unknown>> =>
  output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe("the sweep's config source (the default)", () => {
  it("judges from Config's items, 100 keys a call, with no DescribeModel", async () => {
    const fleet = names(250);
    const sageMaker = fakeSageMaker(liveInVpc(fleet));
    const config = fakeConfig({ recorded: inventory(fleet), items: itemsOutOfVpc(fleet) });

    const summary = await handler(loadEvent('scheduled'));

    expect(sageMaker).not.toHaveReceivedCommand(DescribeModelCommand);
    const batches = config.stub
      .commandCalls(BatchGetResourceConfigCommand)
      .map((call) => call.args[0].input.resourceKeys?.length);
    expect(batches).toEqual([100, 100, 50]);
    expect(config.evaluations()).toHaveLength(250);
    expect(config.evaluations().every((evaluation) => evaluation.ComplianceType === 'NON_COMPLIANT')).toBe(
      true,
    );
    expect(config.evaluationFor('id-model-007')?.Annotation).toMatch(/^VpcConfig is absent/);
    expect(summary).toMatchObject({ judgedFromConfig: 250, judgedFromLive: {}, notJudged: 0 });
  });

  it('asks DescribeModel only for the models Config cannot answer for, and says why for each', async () => {
    const fleet = ['fresh', 'old-item', 'deleted-item', 'no-item', 'foreign'];
    const created = new Date('2026-11-20T00:00:00Z');
    const sageMaker = fakeSageMaker([
      { name: 'fresh', vpcConfig: IN_VPC },
      { name: 'old-item', vpcConfig: IN_VPC, createdAt: created },
      { name: 'deleted-item', vpcConfig: IN_VPC },
      { name: 'no-item', vpcConfig: IN_VPC },
      { name: 'foreign', vpcConfig: IN_VPC },
    ]);
    const config = fakeConfig({
      recorded: inventory(fleet),
      items: {
        ...itemsOutOfVpc(['fresh']),
        // Captured 2026-11-01, before the model of that name was created: an older model's item.
        ...itemsOutOfVpc(['old-item']),
        ...itemsOutOfVpc(['deleted-item'], { configurationItemStatus: 'ResourceDeleted' }),
        'id-foreign': { item: recordedModelItem('id-foreign', 'someone-else', {}) },
      },
    });
    const output = await captureOutput(() => handler(loadEvent('scheduled')));

    expect(output.error).toBeUndefined();
    expect(
      sageMaker
        .commandCalls(DescribeModelCommand)
        .map((call) => call.args[0].input.ModelName)
        .sort(),
    ).toEqual(['deleted-item', 'foreign', 'no-item', 'old-item']);
    expect(config.evaluationFor('id-fresh')?.ComplianceType).toBe('NON_COMPLIANT');
    for (const name of ['old-item', 'deleted-item', 'no-item', 'foreign'])
      expect(config.evaluationFor(`id-${name}`)?.ComplianceType).toBe('COMPLIANT');
    expect(output.result).toMatchObject({
      judgedFromConfig: 1,
      judgedFromLive: {
        'item older than the model': 1,
        'item not live': 1,
        'item missing': 1,
        'item about another resource': 1,
      },
    });
    expect(
      logLines(output.output).find((line) => String(line.message).startsWith('Refused a configuration item')),
    ).toMatchObject({ level: 'ERROR', resourceId: 'id-foreign', resourceName: 'someone-else' });
  });

  it('asks again for unprocessed keys, and describes the models whose keys stay unprocessed', async () => {
    const fleet = names(3);
    const sageMaker = fakeSageMaker(liveInVpc(fleet));
    const config = fakeConfig({ recorded: inventory(fleet), items: itemsOutOfVpc(fleet) });
    const items = itemsOutOfVpc(fleet);
    let call = 0;
    config.stub
      .on(BatchGetResourceConfigCommand)
      .callsFake((input: { resourceKeys: { resourceId: string }[] }) => {
        call += 1;
        // model-000's key is never processed; model-001's only when asked again.
        const processed = input.resourceKeys.filter(
          (key) => key.resourceId !== 'id-model-000' && (call > 1 || key.resourceId !== 'id-model-001'),
        );
        return {
          baseConfigurationItems: processed.map((key) => items[key.resourceId]!.item),
          unprocessedResourceKeys: input.resourceKeys.filter((key) => !processed.includes(key)),
        };
      });

    const summary = await handler(loadEvent('scheduled'));

    expect(config.stub.commandCalls(BatchGetResourceConfigCommand)).toHaveLength(4);
    expect(sageMaker.commandCalls(DescribeModelCommand).map((c) => c.args[0].input.ModelName)).toEqual([
      'model-000',
    ]);
    expect(config.evaluations()).toHaveLength(3);
    expect(summary).toMatchObject({ judgedFromConfig: 2, judgedFromLive: { 'item missing': 1 } });
  });

  it('refuses an item about a resource it did not ask for, and judges nothing from it', async () => {
    const sageMaker = fakeSageMaker(liveInVpc(['a']));
    const config = fakeConfig({ recorded: [['a', 'id-a']] });
    config.stub.on(BatchGetResourceConfigCommand).resolves({
      baseConfigurationItems: [recordedModelItem('id-b', 'b', {})],
    });
    const output = await captureOutput(() => handler(loadEvent('scheduled')));

    expect(sageMaker).toHaveReceivedCommandTimes(DescribeModelCommand, 1);
    expect(config.evaluations().map((evaluation) => evaluation.ComplianceResourceId)).toEqual(['id-a']);
    expect(config.evaluationFor('id-a')?.ComplianceType).toBe('COMPLIANT');
    expect(logLines(output.output).some((line) => line.level === 'ERROR' && line.resourceId === 'id-b')).toBe(
      true,
    );
  });

  it('judges from DescribeModel when BatchGetResourceConfig fails, and says so', async () => {
    const fleet = names(2);
    const sageMaker = fakeSageMaker(liveInVpc(fleet));
    const config = fakeConfig({ recorded: inventory(fleet), items: itemsOutOfVpc(fleet) });
    config.stub.on(BatchGetResourceConfigCommand).rejects(new Error('not authorized'));
    const output = await captureOutput(() => handler(loadEvent('scheduled')));

    expect(sageMaker).toHaveReceivedCommandTimes(DescribeModelCommand, 2);
    expect(config.evaluations().every((evaluation) => evaluation.ComplianceType === 'COMPLIANT')).toBe(true);
    expect(
      logLines(output.output).find((line) =>
        String(line.message).startsWith('BatchGetResourceConfig failed'),
      ),
    ).toMatchObject({
      level: 'WARN',
    });
  });

  it("takes tags from Config's advanced query, not one ListTags per model", async () => {
    const sageMaker = fakeSageMaker(liveInVpc(['sandbox', 'plain']));
    const config = fakeConfig({
      recorded: inventory(['sandbox', 'plain']),
      items: {
        'id-sandbox': {
          item: recordedModelItem('id-sandbox', 'sandbox', {}),
          tags: { 'vpc-exempt': 'true' },
        },
        'id-plain': { item: recordedModelItem('id-plain', 'plain', {}), tags: { team: 'ml' } },
      },
    });

    await handler(loadEvent('scheduled-with-parameters'));

    expect(sageMaker).not.toHaveReceivedCommand(ListTagsCommand);
    expect(sageMaker).not.toHaveReceivedCommand(DescribeModelCommand);
    expect(config.stub).toHaveReceivedCommandWith(SelectResourceConfigCommand, {
      Expression: "SELECT resourceId, tags WHERE resourceType = 'AWS::SageMaker::Model'",
    });
    expect(config.evaluationFor('id-sandbox')).toMatchObject({
      ComplianceType: 'NOT_APPLICABLE',
      Annotation: 'Exempted by tag vpc-exempt=true',
    });
    expect(config.evaluationFor('id-plain')?.ComplianceType).toBe('NON_COMPLIANT');
  });

  it('falls back to ListTags where the advanced query fails', async () => {
    const sageMaker = fakeSageMaker([{ name: 'sandbox', vpcConfig: IN_VPC, tags: { 'vpc-exempt': 'true' } }]);
    const config = fakeConfig({ recorded: inventory(['sandbox']), items: itemsOutOfVpc(['sandbox']) });
    config.stub.on(SelectResourceConfigCommand).rejects(new Error('advanced queries are off'));

    const summary = await handler(loadEvent('scheduled-with-parameters'));

    expect(sageMaker).toHaveReceivedCommandTimes(ListTagsCommand, 1);
    expect(config.evaluationFor('id-sandbox')?.ComplianceType).toBe('NOT_APPLICABLE');
    expect(summary).toMatchObject({ judgedFromConfig: 1, tagsFromListTags: 1 });
  });

  it("never logs a container Environment value from Config's items, read or refused", async () => {
    const withSecret = { PrimaryContainer: { Environment: { API_TOKEN: SECRET_ENVIRONMENT_VALUE } } };
    fakeSageMaker(liveInVpc(['read', 'refused', 'broken']));
    fakeConfig({
      recorded: inventory(['read', 'refused', 'broken']),
      items: {
        'id-read': { item: recordedModelItem('id-read', 'read', withSecret) },
        'id-refused': { item: recordedModelItem('id-refused', 'someone-else', withSecret) },
        'id-broken': {
          item: {
            ...recordedModelItem('id-broken', 'broken', {}),
            configuration: `{"Environment":{"API_TOKEN":"${SECRET_ENVIRONMENT_VALUE}"`,
          },
        },
      },
    });
    const output = await captureOutput(() => handler(loadEvent('scheduled')));
    expect(output.result).toMatchObject({
      judgedFromConfig: 1,
      judgedFromLive: { 'item about another resource': 1, 'item unreadable': 1 },
    });
    expect(output.output).toContain('A configuration item was unreadable');
    expect(output.output).not.toContain(SECRET_ENVIRONMENT_VALUE);
  });
});

describe('SWEEP_SOURCE=live', () => {
  it("describes every model, whatever Config's items say", async () => {
    process.env.SWEEP_SOURCE = 'live';
    const fleet = names(3);
    const sageMaker = fakeSageMaker(liveInVpc(fleet));
    const config = fakeConfig({ recorded: inventory(fleet), items: itemsOutOfVpc(fleet) });

    const summary = await handler(loadEvent('scheduled'));

    expect(config.stub).not.toHaveReceivedCommand(BatchGetResourceConfigCommand);
    expect(sageMaker).toHaveReceivedCommandTimes(DescribeModelCommand, 3);
    expect(config.evaluations().every((evaluation) => evaluation.ComplianceType === 'COMPLIANT')).toBe(true);
    expect(summary).not.toHaveProperty('judgedFromConfig');
  });

  it('is refused when misspelt, before anything is swept', async () => {
    process.env.SWEEP_SOURCE = 'Live';
    const sageMaker = fakeSageMaker(liveInVpc(['a']));
    const config = fakeConfig();
    await expect(handler(loadEvent('scheduled'))).rejects.toThrow(
      "SWEEP_SOURCE must be one of config, live, got 'Live'",
    );
    expect(sageMaker).not.toHaveReceivedCommand(DescribeModelCommand);
    expect(config.evaluations()).toEqual([]);
  });
});
