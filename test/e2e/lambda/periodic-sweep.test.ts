import type { Evaluation } from '@aws-sdk/client-config-service';
import {
  scheduledNotificationEvent,
  type RuleParameterStrings,
} from '../../../scripts/emulator/config-events';
import { ALLOWED_SUBNETS, DEMO_RULE_PARAMETERS, SECURITY_GROUP } from '../../../scripts/emulator/demo-fleet';
import { createModels, deleteModel } from '../../../scripts/emulator/model-fleet';
import { bulkFleet, E2E_SECRET, NAMED_FLEET, type FleetModel } from '../support/e2e-fleet';
import { useEmulatedRule } from '../support/emulated-rule';

const FLEET: readonly FleetModel[] = [...NAMED_FLEET, ...bulkFleet(250)];
const MODEL_TYPE = 'AWS::SageMaker::Model';
/** Judged by an earlier run, deleted before this one: Config still holds its result. */
const VANISHED_BEFORE_SWEEP = 'retired-before-first-sweep';
const DELETED_BETWEEN_SWEEPS = 'bulk-007-default-subnet';
const GONE = 'The model no longer exists';
const CREATED_BETWEEN_SWEEPS: FleetModel = {
  name: 'created-between-sweeps',
  vpcConfig: { Subnets: [ALLOWED_SUBNETS[0]], SecurityGroupIds: [SECURITY_GROUP] },
  expected: { compliance: 'COMPLIANT', annotation: 'VpcConfig has 1 subnet and 1 security group' },
};
const MINUTE = 60_000;
const DAY = 86_400_000;

const rule = useEmulatedRule(FLEET);

async function sweep(
  notificationCreationTime: Date,
  ruleParameters: RuleParameterStrings = DEMO_RULE_PARAMETERS,
) {
  const { config, invoke, sageMakerCalls } = rule();
  config.forgetRequests();
  // Config records what the sweep sends at about the time of its notification.
  config.clock = () => notificationCreationTime;
  sageMakerCalls.length = 0;
  const summary = await invoke(scheduledNotificationEvent(notificationCreationTime, ruleParameters));
  return { summary, evaluations: config.evaluations(), requests: [...config.putEvaluationsRequests] };
}

function byResourceId(evaluations: readonly Evaluation[]): Map<string, Evaluation[]> {
  const grouped = new Map<string, Evaluation[]>();
  for (const evaluation of evaluations) {
    const id = evaluation.ComplianceResourceId ?? '';
    grouped.set(id, [...(grouped.get(id) ?? []), evaluation]);
  }
  return grouped;
}

function expectVerdictOfEveryModel(
  evaluations: readonly Evaluation[],
  models: readonly FleetModel[],
  at: Date,
): void {
  const grouped = byResourceId(evaluations);
  for (const model of models) {
    expect({ model: model.name, evaluations: grouped.get(model.name) }).toEqual({
      model: model.name,
      evaluations: [
        {
          ComplianceResourceType: MODEL_TYPE,
          ComplianceResourceId: model.name,
          ComplianceType: model.expected.compliance,
          Annotation: model.expected.sweepAnnotation ?? model.expected.annotation,
          OrderingTimestamp: at,
        },
      ],
    });
  }
}

describe('periodic sweep through the real handler against moto', () => {
  const firstRun = new Date('2026-11-29T00:00:05.123Z');
  /** The models after the first sweep: one deleted, one created. */
  const live = [...FLEET.filter((model) => model.name !== DELETED_BETWEEN_SWEEPS), CREATED_BETWEEN_SWEEPS];
  let first: Awaited<ReturnType<typeof sweep>>;

  beforeAll(async () => {
    const judgedLongAgo = new Date('2026-11-01T00:00:00Z');
    rule().config.holdResult(
      {
        ComplianceResourceType: MODEL_TYPE,
        ComplianceResourceId: VANISHED_BEFORE_SWEEP,
        ComplianceType: 'NON_COMPLIANT',
        OrderingTimestamp: judgedLongAgo,
      },
      judgedLongAgo,
    );
    first = await sweep(firstRun);
  });

  it('judges every model exactly once, each with its expected verdict', () => {
    expectVerdictOfEveryModel(first.evaluations, FLEET, firstRun);
    expect(first.summary.modelsSwept).toBe(FLEET.length);
    expect(first.summary.notJudged).toBe(0);
  });

  it('clears the result Config holds for a model that no longer exists', () => {
    expect(byResourceId(first.evaluations).get(VANISHED_BEFORE_SWEEP)).toEqual([
      expect.objectContaining({
        ComplianceType: 'NOT_APPLICABLE',
        Annotation: GONE,
        OrderingTimestamp: firstRun,
      }),
    ]);
    expect(first.summary.staleResultsCleared).toBe(1);
    expect(first.evaluations).toHaveLength(FLEET.length + 1);
  });

  it('sends at most 100 evaluations per PutEvaluations call, in test mode', () => {
    expect(first.requests.length).toBe(first.summary.putEvaluationsCalls);
    expect(first.requests.length).toBeGreaterThanOrEqual(Math.ceil((FLEET.length + 1) / 100));
    for (const request of first.requests) {
      expect(request.Evaluations?.length).toBeLessThanOrEqual(100);
      expect(request).toMatchObject({ ResultToken: 'TESTMODE', TestMode: true });
    }
  });

  it('reads ListModels in pages of 100 until the last one', () => {
    // moto answers one page of everything; the e2e paging layer cuts it into AWS-sized pages.
    const listModels = rule().sageMakerCalls.filter((call) => call.command === 'ListModelsCommand');
    expect(listModels.map((call) => (call.input as { MaxResults?: number }).MaxResults)).toEqual([
      100, 100, 100,
    ]);
  });

  describe('in delta mode (the default), the sweeps after it', () => {
    const ids = (evaluations: readonly Evaluation[]) =>
      evaluations.map((evaluation) => [evaluation.ComplianceResourceId, evaluation.ComplianceType]).sort();
    const outsideAllowList = live.filter((model) =>
      model.expected.annotation.startsWith('subnets not in the allow-list'),
    );

    it('send only what changed since: the clearing of a deleted model and a new model', async () => {
      await deleteModel(rule().arrange, DELETED_BETWEEN_SWEEPS);
      await createModels(rule().arrange, [CREATED_BETWEEN_SWEEPS]);
      expect(rule().config.heldComplianceOf(MODEL_TYPE, DELETED_BETWEEN_SWEEPS)).toBe('NON_COMPLIANT');

      const second = await sweep(new Date(firstRun.getTime() + MINUTE));

      // Not VANISHED_BEFORE_SWEEP again: Config returns the NOT_APPLICABLE result the first sweep left.
      expect(ids(second.evaluations)).toEqual([
        [DELETED_BETWEEN_SWEEPS, 'NOT_APPLICABLE'],
        [CREATED_BETWEEN_SWEEPS.name, 'COMPLIANT'],
      ]);
      expect(second.summary).toMatchObject({
        modelsSwept: live.length,
        unchangedSkipped: live.length - 1,
        refreshed: 0,
        heldUnreadable: 0,
        staleResultsCleared: 1,
        notJudged: 0,
      });
      expect(rule().config.heldComplianceOf(MODEL_TYPE, DELETED_BETWEEN_SWEEPS)).toBe('NOT_APPLICABLE');
    });

    it('send nothing when nothing changed', async () => {
      const third = await sweep(new Date(firstRun.getTime() + 2 * MINUTE));
      expect(third.evaluations).toEqual([]);
      expect(third.requests).toEqual([]);
      expect(third.summary).toMatchObject({ unchangedSkipped: live.length, staleResultsCleared: 0 });
    });

    it('send, after a change of rule parameters, every verdict it changes and no other', async () => {
      const { subnetIds: _dropped, ...withoutAllowList } = DEMO_RULE_PARAMETERS;
      expect(outsideAllowList.length).toBeGreaterThan(1);

      const fourth = await sweep(new Date(firstRun.getTime() + 3 * MINUTE), withoutAllowList);

      expect(ids(fourth.evaluations)).toEqual(
        outsideAllowList.map((model) => [model.name, 'COMPLIANT']).sort(),
      );
      expect(fourth.summary.unchangedSkipped).toBe(live.length - outsideAllowList.length);
    });

    it('send every held result again once it is older than the refresh period', async () => {
      rule().config.ageHeldResults(31 * DAY);
      const fifth = await sweep(new Date(firstRun.getTime() + 4 * MINUTE), DEMO_RULE_PARAMETERS);
      // Back to the allow-list: the models outside it change again, every other one is refreshed.
      expect(fifth.evaluations.map((evaluation) => evaluation.ComplianceResourceId).sort()).toEqual(
        live.map((model) => model.name).sort(),
      );
      expect(fifth.summary).toMatchObject({
        unchangedSkipped: 0,
        refreshed: live.length - outsideAllowList.length,
      });
    });
  });

  describe('in full mode (SWEEP_REPORTING=full)', () => {
    afterAll(() => {
      delete process.env.SWEEP_REPORTING;
    });

    it('sends every verdict, though Config holds the same', async () => {
      process.env.SWEEP_REPORTING = 'full';
      const at = new Date(firstRun.getTime() + 5 * MINUTE);
      const full = await sweep(at);
      expectVerdictOfEveryModel(full.evaluations, live, at);
      expect(full.evaluations).toHaveLength(live.length);
      expect(full.summary).toMatchObject({ unchangedSkipped: 0, refreshed: 0 });
    });
  });

  it('never repeats a container environment value in a log or an evaluation', () => {
    const { output } = rule();
    expect(FLEET.some((model) => Object.values(model.environment ?? {}).includes(E2E_SECRET))).toBe(true);
    expect(output.text).toContain('Evaluation summary');
    expect(output.text).not.toContain(E2E_SECRET);
    expect(JSON.stringify(first.evaluations)).not.toContain(E2E_SECRET);
  });
});
