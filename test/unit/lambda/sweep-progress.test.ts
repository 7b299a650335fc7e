import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { DescribeModelCommand, ListModelsCommand } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import type { ListedModel } from '../../../aws/sagemaker-models';
import { handler } from '../../../lambda/handler';
import { advanceCursor, judgedByPass, ProgressStore, type PassCursor } from '../../../lambda/sweep-progress';
import { loadEvent } from '../../support/fixtures';
import {
  captureOutput,
  fakeConfig,
  fakeSageMaker,
  hangUntilAborted,
  remainingTime,
  type FakeModel,
} from '../../support/fake-aws';

const at = (ms: number, name: string): ListedModel => ({ name, arn: `arn:${name}`, createdAtMs: ms });

describe('the pass cursor', () => {
  it('moves past the longest run of reached models, and keeps the names that share its millisecond', () => {
    const listed = [at(1, 'a'), at(2, 'b'), at(2, 'c'), at(3, 'd'), at(4, 'e')];
    const reached = new Set(['a', 'b', 'c', 'e']);
    expect(advanceCursor(listed, (model) => reached.has(model.name), undefined)).toEqual({
      cursor: { createdAt: 2, names: ['b', 'c'], beyond: ['e'] },
      inOrder: true,
    });
  });

  it('keeps the previous cursor where nothing new was reached, and stays put on a listing out of order', () => {
    const previous: PassCursor = { createdAt: 5, names: ['x'], beyond: [] };
    expect(advanceCursor([at(6, 'a')], () => false, previous).cursor).toEqual(previous);
    expect(advanceCursor([at(6, 'a'), at(5, 'b')], () => true, previous)).toEqual({
      cursor: previous,
      inOrder: false,
    });
  });

  it('keeps naming models judged beyond the cursor that a sweep stopped before listing', () => {
    const previous: PassCursor = { createdAt: 5, names: ['x'], beyond: ['late', 'listed'] };
    expect(
      advanceCursor([at(6, 'a'), at(7, 'listed')], (model) => model.name === 'a', previous).cursor,
    ).toEqual({
      createdAt: 6,
      names: ['a'],
      beyond: ['late'],
    });
  });

  it('skips exactly the models at or before the cursor, and never one without a creation time', () => {
    const cursor: PassCursor = { createdAt: 2, names: ['b'], beyond: ['d'] };
    expect(judgedByPass(at(9, 'd'), cursor)).toBe(true);
    expect(judgedByPass(at(1, 'z'), cursor)).toBe(true);
    expect(judgedByPass(at(2, 'b'), cursor)).toBe(true);
    expect(judgedByPass(at(2, 'c'), cursor)).toBe(false);
    expect(judgedByPass(at(3, 'a'), cursor)).toBe(false);
    expect(judgedByPass({ name: 'b', arn: 'arn:b' }, cursor)).toBe(false);
    expect(judgedByPass(at(1, 'z'), undefined)).toBe(false);
  });

  it('over any run of sweeps, judges every model of a sorted listing once, and skips none it did not reach', () => {
    const fleet = fc
      .array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 40 })
      .map((times) => times.sort((a, b) => a - b).map((time, index) => at(time, `m${index}`)));
    fc.assert(
      fc.property(
        fleet,
        fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 20 }),
        (models, reaches) => {
          let cursor: PassCursor | undefined;
          const judged = new Set<string>();
          for (const reach of [...reaches, Infinity]) {
            const toJudge = models.filter((model) => !judgedByPass(model, cursor));
            const reached = new Set(toJudge.slice(0, reach).map((model) => model.name));
            for (const name of reached) judged.add(name);
            // Every model the cursor passes over was judged by some sweep.
            cursor = advanceCursor(
              models,
              (model) => reached.has(model.name) || judgedByPass(model, cursor),
              cursor,
            ).cursor;
            for (const model of models)
              if (judgedByPass(model, cursor)) expect(judged.has(model.name)).toBe(true);
          }
          expect(judged.size).toBe(models.length);
        },
      ),
    );
  });
});

describe('the progress store', () => {
  const dynamo = mockClient(DynamoDBClient);
  const store = () => new ProgressStore(new DynamoDBClient({}), 'progress', 'rule');
  const stored = (item: Record<string, AttributeValue>) => dynamo.on(GetItemCommand).resolves({ Item: item });
  const openItem = {
    ruleName: { S: 'rule' },
    version: { N: '4' },
    passStartedAt: { S: '2026-12-01T00:00:00.000Z' },
    sweeps: { N: '2' },
    judged: { N: '900' },
    cursorCreatedAt: { N: '1700000000000' },
    cursorNames: { L: [{ S: 'model-a' }] },
    judgedBeyond: { L: [{ S: 'model-c' }] },
  };
  beforeEach(() => dynamo.reset());

  it('reads an open pass with a consistent read, and saves only over the version it read', async () => {
    stored(openItem);
    const read = await store().read();
    expect(dynamo).toHaveReceivedCommandWith(GetItemCommand, {
      ConsistentRead: true,
      Key: { ruleName: { S: 'rule' } },
    });
    expect(read).toEqual({
      pass: {
        startedAt: new Date('2026-12-01T00:00:00.000Z'),
        sweeps: 2,
        judged: 900,
        cursor: { createdAt: 1700000000000, names: ['model-a'], beyond: ['model-c'] },
      },
      expected: { kind: 'version', version: 4 },
    });
    dynamo.on(PutItemCommand).resolves({});
    await expect(store().save(read, undefined, new Date('2026-12-02T00:00:00Z'))).resolves.toBe(true);
    expect(dynamo).toHaveReceivedCommandWith(PutItemCommand, {
      ConditionExpression: 'version = :version',
      ExpressionAttributeValues: { ':version': { N: '4' } },
      Item: { ruleName: { S: 'rule' }, version: { N: '5' }, savedAt: { S: '2026-12-02T00:00:00.000Z' } },
    });
  });

  it('creates the item only where none exists', async () => {
    dynamo.on(GetItemCommand).resolves({});
    const read = await store().read();
    expect(read).toEqual({ expected: { kind: 'none' } });
    dynamo.on(PutItemCommand).resolves({});
    await store().save(read, undefined, new Date());
    expect(dynamo).toHaveReceivedCommandWith(PutItemCommand, {
      ConditionExpression: 'attribute_not_exists(ruleName)',
    });
  });

  it.each([
    [
      'a cursor that is not a number',
      { cursorCreatedAt: { S: 'yesterday' } },
      'cursorCreatedAt is not a whole number',
    ],
    ['a start that is not a time', { passStartedAt: { S: 'soon' } }, 'passStartedAt is not a time'],
    [
      'names that are not strings',
      { cursorNames: { L: [{ N: '1' }] } },
      'cursorNames or judgedBeyond is not a list of strings',
    ],
    ['counts that are missing', { judged: { S: 'many' } }, 'sweeps or judged is not a whole number'],
  ])('takes an item with %s as unreadable, and would replace it', async (_, fields, why) => {
    stored({ ...openItem, ...fields });
    await expect(store().read()).resolves.toEqual({
      unreadable: why,
      expected: { kind: 'version', version: 4 },
    });
  });

  it('replaces an item without a usable version only while it still has none', async () => {
    stored({ ...openItem, version: { S: 'four' } });
    const read = await store().read();
    dynamo.on(PutItemCommand).resolves({});
    await store().save(read, undefined, new Date());
    expect(dynamo).toHaveReceivedCommandWith(PutItemCommand, {
      ConditionExpression: 'attribute_exists(ruleName) AND NOT attribute_type(version, :number)',
    });
  });

  it('says so when another sweep saved first, and names the call when the save fails', async () => {
    const read = { expected: { kind: 'version', version: 1 } } as const;
    dynamo
      .on(PutItemCommand)
      .rejectsOnce(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      )
      .rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    await expect(store().save(read, undefined, new Date())).resolves.toBe(false);
    await expect(store().save(read, undefined, new Date())).rejects.toThrow(
      'PutItem failed: AccessDeniedException: not authorized',
    );
  });
});

describe('a sweep that keeps progress (SWEEP_PROGRESS_TABLE)', () => {
  const dynamo = mockClient(DynamoDBClient);
  let item: Record<string, AttributeValue> | undefined;
  beforeEach(() => {
    process.env.SWEEP_PROGRESS_TABLE = 'progress';
    process.env.SWEEP_SOURCE = 'live';
    item = undefined;
    dynamo.reset();
    dynamo.on(GetItemCommand).callsFake(() => ({ ...(item && { Item: item }) }));
    dynamo.on(PutItemCommand).callsFake((input: { Item: Record<string, AttributeValue> }) => {
      item = input.Item;
      return {};
    });
  });
  afterEach(() => {
    delete process.env.SWEEP_PROGRESS_TABLE;
    delete process.env.SWEEP_SOURCE;
  });

  it('stops at its budget without failing, and the next sweeps judge the rest, each model once', async () => {
    const fleet: FakeModel[] = Array.from({ length: 300 }, (_, index) => ({
      name: `model-${String(index).padStart(3, '0')}`,
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, index)),
    }));
    const sageMaker = fakeSageMaker(fleet);
    // Slow enough that one short invocation cannot describe them all.
    sageMaker.on(DescribeModelCommand).callsFake(async (input: { ModelName: string }) => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { ModelName: input.ModelName, ModelArn: `arn:${input.ModelName}`, CreationTime: new Date(0) };
    });
    const config = fakeConfig();
    const summaries = [];
    for (let sweep = 0; sweep < 20; sweep += 1) {
      const { result, error } = await captureOutput(() =>
        handler(loadEvent('scheduled'), remainingTime(2_000)),
      );
      expect(error).toBeUndefined();
      summaries.push(result!);
      if (result!.passComplete) break;
    }
    const judged = config.evaluations().map((evaluation) => evaluation.ComplianceResourceId);
    expect(summaries.length).toBeGreaterThan(1);
    expect(summaries.at(-1)?.passComplete).toBe(true);
    expect(new Set(judged).size).toBe(300);
    expect(judged).toHaveLength(300);
    expect(item).not.toHaveProperty('passStartedAt');
  }, 60_000);

  it('starts a new pass, with a warning, over progress it cannot read, and loses no model', async () => {
    item = {
      ruleName: { S: 'sagemaker-model-vpc-configured' },
      version: { N: '3' },
      passStartedAt: { S: 'garbage' },
    };
    fakeSageMaker([{ name: 'a' }, { name: 'b' }]);
    const config = fakeConfig();
    const { result, output } = await captureOutput(() => handler(loadEvent('scheduled')));
    expect(result).toMatchObject({ passComplete: true, judgedEarlierInPass: 0 });
    expect(config.evaluations()).toHaveLength(2);
    expect(output).toContain('The sweep progress was unreadable');
    expect(item.version).toEqual({ N: '4' });
  });

  it('lists from the cursor on, in creation order, and at the end of the pass clears only proved-gone results', async () => {
    const createdAt = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second));
    item = {
      ruleName: { S: 'sagemaker-model-vpc-configured' },
      version: { N: '1' },
      passStartedAt: { S: '2026-12-01T00:00:00.000Z' },
      sweeps: { N: '1' },
      judged: { N: '2' },
      cursorCreatedAt: { N: String(createdAt(2).getTime()) },
      cursorNames: { L: [{ S: 'b' }] },
      judgedBeyond: { L: [] },
    };
    const sageMaker = fakeSageMaker([
      { name: 'a', createdAt: createdAt(1) },
      { name: 'b', createdAt: createdAt(2) },
      { name: 'c', createdAt: createdAt(3) },
    ]);
    // Config records no model here: results are held under model names.
    const config = fakeConfig({ recorded: [], judgedIds: ['a', 'gone'] });
    const summary = await handler(loadEvent('scheduled'));

    expect(sageMaker.commandCalls(ListModelsCommand)[0]?.args[0].input).toMatchObject({
      SortBy: 'CreationTime',
      SortOrder: 'Ascending',
      CreationTimeAfter: createdAt(2),
    });
    expect(config.evaluations().map((evaluation) => evaluation.ComplianceResourceId)).toEqual(['c', 'gone']);
    expect(config.evaluationFor('gone')?.ComplianceType).toBe('NOT_APPLICABLE');
    // 'a' was judged by the earlier sweep: the clean-up lists every name rather than describe it.
    expect(sageMaker.commandCalls(DescribeModelCommand).map((call) => call.args[0].input.ModelName)).toEqual([
      'c',
      'gone',
    ]);
    expect(summary).toMatchObject({ passComplete: true, judgedEarlierInPass: 1, staleResultsCleared: 1 });
    expect(item).not.toHaveProperty('passStartedAt');
  });

  it('keeps the pass open, without a cursor, when the sweep judged no model before its budget', async () => {
    const sageMaker = fakeSageMaker([{ name: 'a', createdAt: new Date(1000) }]);
    sageMaker.on(DescribeModelCommand).callsFake(hangUntilAborted(sageMaker));
    fakeConfig();
    const { result } = await captureOutput(() => handler(loadEvent('scheduled'), remainingTime(400)));
    expect(result).toMatchObject({ passComplete: false, leftForNextSweep: 1, notJudged: 0 });
    expect(item).toMatchObject({ sweeps: { N: '1' }, judged: { N: '0' } });
    expect(item).toHaveProperty('passStartedAt');
    expect(item).not.toHaveProperty('cursorCreatedAt');
  });

  it('fails loudly when the progress cannot be read, after sending every verdict', async () => {
    dynamo
      .on(GetItemCommand)
      .rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    fakeSageMaker([{ name: 'a' }]);
    const config = fakeConfig();
    const { error } = await captureOutput(() => handler(loadEvent('scheduled')));
    expect(config.evaluations()).toHaveLength(1);
    expect(error).toMatchObject({
      name: 'SweepProgressError',
      message: expect.stringContaining('the sweep progress could not be read: GetItem failed'),
    });
  });
});
