import {
  CreateTableCommand,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { ConfigurationItem } from '@aws-sdk/client-config-service';
import type { InvocationSummary } from '../../../lambda/handler';
import { sageMakerClient } from '../../../lambda/sagemaker-client';
import { CONFIG_RULE_NAME, scheduledNotificationEvent } from '../../../scripts/emulator/config-events';
import { ALLOWED_SUBNETS, SECURITY_GROUP } from '../../../scripts/emulator/demo-fleet';
import { describeRecordedModel, type ModelSpec } from '../../../scripts/emulator/model-fleet';
import { useEmulatedRule } from '../support/emulated-rule';

const TABLE = 'sweep-progress';
const IN_VPC = { Subnets: [ALLOWED_SUBNETS[0]], SecurityGroupIds: [SECURITY_GROUP] };
const FLEET: readonly ModelSpec[] = Array.from({ length: 60 }, (_, index) => ({
  name: `scale-${String(index).padStart(3, '0')}`,
  vpcConfig: IN_VPC,
}));
/** Each of the handler's SageMaker calls waits this long, so that one short invocation reaches only part of the fleet. */
const CALL_DELAY_MS = 40;
/** Work time left after the deadline's reserves: about 0.65 s, a few dozen models at most. */
const SHORT_INVOCATION = { getRemainingTimeInMillis: () => 1_000 };
const SWEEP_TIMEOUT_MS = 120_000;

const rule = useEmulatedRule(FLEET);
const dynamo = new DynamoDBClient({});
const progressKey = { ruleName: { S: CONFIG_RULE_NAME } };

beforeAll(async () => {
  rule();
  await dynamo.send(
    new CreateTableCommand({
      TableName: TABLE,
      KeySchema: [{ AttributeName: 'ruleName', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'ruleName', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  process.env.SWEEP_PROGRESS_TABLE = TABLE;
  process.env.SWEEP_CONCURRENCY = '2';
  sageMakerClient().middlewareStack.add(
    (next) => async (args) => {
      await new Promise((resolve) => setTimeout(resolve, CALL_DELAY_MS));
      return next(args);
    },
    { step: 'initialize', name: 'e2eSlowSageMaker' },
  );
}, SWEEP_TIMEOUT_MS);

afterAll(() => {
  sageMakerClient().middlewareStack.remove('e2eSlowSageMaker');
  delete process.env.SWEEP_PROGRESS_TABLE;
  delete process.env.SWEEP_CONCURRENCY;
  delete process.env.SWEEP_SOURCE;
  dynamo.destroy();
});

beforeEach(async () => {
  rule().config.forgetRequests();
  rule().config.forgetRecordedModels();
  rule().sageMakerCalls.length = 0;
  await dynamo.send(new DeleteItemCommand({ TableName: TABLE, Key: progressKey }));
});

const judgedIds = (): string[] =>
  rule()
    .config.evaluations()
    .map((evaluation) => evaluation.ComplianceResourceId!);

async function sweepUntilComplete(maxSweeps: number): Promise<InvocationSummary[]> {
  const summaries: InvocationSummary[] = [];
  while (summaries.length < maxSweeps) {
    const summary = await rule().invoke(scheduledNotificationEvent(new Date(), {}), SHORT_INVOCATION);
    summaries.push(summary);
    if (summary.passComplete) break;
  }
  return summaries;
}

/** What Config would record for each model: its item, captured `capturedAt`. */
async function recordFleet(capturedAt: (name: string) => Date = () => new Date()): Promise<void> {
  for (const spec of FLEET) {
    const { description, tags } = await describeRecordedModel(rule().arrange, spec.name);
    const item: ConfigurationItem = {
      resourceType: 'AWS::SageMaker::Model',
      resourceId: `id-${spec.name}`,
      resourceName: spec.name,
      configurationItemStatus: 'OK',
      configurationItemCaptureTime: capturedAt(spec.name),
      // Config's record says the model is out of a VPC, SageMaker's that it is in one: the verdict tells which was read.
      configuration: JSON.stringify({
        ModelName: description.ModelName,
        ExecutionRoleArn: description.ExecutionRoleArn,
      }),
      tags,
    };
    rule().config.recordModel(item);
  }
}

describe('a fleet larger than one invocation reaches (live source)', () => {
  beforeAll(() => {
    process.env.SWEEP_SOURCE = 'live';
    // Every verdict on every sweep, so that what each sweep judged shows in what it sent.
    process.env.SWEEP_REPORTING = 'full';
  });
  afterAll(() => {
    delete process.env.SWEEP_REPORTING;
  });

  it(
    'converges over consecutive sweeps, none failing, each model judged once per pass',
    async () => {
      const summaries = await sweepUntilComplete(40);
      const judged = judgedIds();
      expect(summaries.at(-1)?.passComplete).toBe(true);
      expect(summaries.length).toBeGreaterThanOrEqual(2);
      expect(judged).toHaveLength(FLEET.length);
      expect(new Set(judged).size).toBe(FLEET.length);
      // Each sweep after the first lists the models judged before it and skips them.
      const perSweep = summaries.map(
        (summary) => summary.modelsSwept - summary.judgedEarlierInPass - summary.leftForNextSweep,
      );
      expect(perSweep.reduce((sum, count) => sum + count, 0)).toBe(FLEET.length);
      const capacity = Math.min(...perSweep.slice(0, -1));
      expect(summaries.length).toBeLessThanOrEqual(Math.ceil(FLEET.length / Math.max(capacity, 1)) + 1);
      const stored = await dynamo.send(
        new GetItemCommand({ TableName: TABLE, Key: progressKey, ConsistentRead: true }),
      );
      expect(stored.Item?.passStartedAt).toBeUndefined();
      expect(rule().output.text).toMatch(/Judged \d+ models in this pass so far; the next sweep continues/);
    },
    SWEEP_TIMEOUT_MS * 2,
  );

  it(
    'starts a new pass over lost or corrupt progress, with a warning, and loses no model',
    async () => {
      const [first] = await sweepUntilComplete(1);
      expect(first?.passComplete).toBe(false);
      await dynamo.send(
        new PutItemCommand({
          TableName: TABLE,
          Item: { ...progressKey, version: { N: '9' }, passStartedAt: { S: 'not a time' } },
        }),
      );
      rule().config.forgetRequests();
      const summaries = await sweepUntilComplete(40);
      expect(summaries[0]?.judgedEarlierInPass).toBe(0);
      expect(new Set(judgedIds()).size).toBe(FLEET.length);
      expect(rule().output.text).toContain('The sweep progress was unreadable');
    },
    SWEEP_TIMEOUT_MS * 2,
  );

  it(
    'lets two overlapping sweeps neither skip nor corrupt anything',
    async () => {
      const overlapping = await rule().invokeTogether(
        [scheduledNotificationEvent(new Date(), {}), scheduledNotificationEvent(new Date(), {})],
        SHORT_INVOCATION,
      );
      expect(overlapping.every((summary) => summary.notJudged === 0)).toBe(true);
      // Both read the same progress; only one could save over it.
      expect(overlapping.map((summary) => summary.judgedEarlierInPass)).toEqual([0, 0]);
      const summaries = await sweepUntilComplete(40);
      expect(summaries.at(-1)?.passComplete).toBe(true);
      expect(new Set(judgedIds()).size).toBe(FLEET.length);
      expect(rule().output.text).toContain('Another sweep saved its progress first');
    },
    SWEEP_TIMEOUT_MS * 2,
  );
});

describe("Config's records as the source (the default)", () => {
  beforeAll(() => {
    delete process.env.SWEEP_SOURCE;
  });

  it(
    'judges the whole fleet in one sweep from its items, with no DescribeModel',
    async () => {
      await recordFleet();
      const summary = await rule().invoke(scheduledNotificationEvent(new Date(), {}));
      expect(summary).toMatchObject({ passComplete: true, judgedFromConfig: FLEET.length, notJudged: 0 });
      expect(rule().sageMakerCalls.filter((call) => call.command === 'DescribeModelCommand')).toEqual([]);
      expect(
        rule()
          .config.evaluations()
          .every((evaluation) => evaluation.ComplianceType === 'NON_COMPLIANT'),
      ).toBe(true);
    },
    SWEEP_TIMEOUT_MS,
  );

  it(
    'describes only the models whose keys stay unprocessed, whose item is about another resource or older than the model',
    async () => {
      await recordFleet((name) => (name === 'scale-002' ? new Date(0) : new Date()));
      rule().config.unprocessedKeys.add('id-scale-000');
      rule().config.foreignAnswers.set('id-scale-001', {
        resourceType: 'AWS::SageMaker::Model',
        resourceId: 'id-scale-001',
        resourceName: 'someone-else',
        configurationItemStatus: 'OK',
        configurationItemCaptureTime: new Date(),
        configuration: '{}',
      });
      const summary = await rule().invoke(scheduledNotificationEvent(new Date(), {}));
      const described = rule()
        .sageMakerCalls.filter((call) => call.command === 'DescribeModelCommand')
        .map((call) => (call.input as { ModelName: string }).ModelName)
        .sort();
      expect(described).toEqual(['scale-000', 'scale-001', 'scale-002']);
      expect(summary).toMatchObject({
        judgedFromConfig: FLEET.length - 3,
        judgedFromLive: {
          'item missing': 1,
          'item about another resource': 1,
          'item older than the model': 1,
        },
        notJudged: 0,
      });
      for (const name of described) {
        expect(rule().config.heldComplianceOf('AWS::SageMaker::Model', `id-${name}`)).toBe('COMPLIANT');
      }
      expect(rule().output.text).toContain('Refused a configuration item about another resource');
    },
    SWEEP_TIMEOUT_MS,
  );
});
