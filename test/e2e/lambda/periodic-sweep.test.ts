import type { Evaluation } from '@aws-sdk/client-config-service';
import { scheduledNotificationEvent } from '../../../scripts/lib/config-events';
import { DEMO_RULE_PARAMETERS } from '../../../scripts/lib/demo-fleet';
import { deleteModel } from '../../../scripts/lib/model-fleet';
import { bulkFleet, E2E_SECRET, NAMED_FLEET, type FleetModel } from '../support/e2e-fleet';
import { useEmulatedRule } from '../support/emulated-rule';

const FLEET: readonly FleetModel[] = [...NAMED_FLEET, ...bulkFleet(250)];
const MODEL_TYPE = 'AWS::SageMaker::Model';
/** Judged by an earlier run, deleted before this one: Config still holds its result. */
const VANISHED_BEFORE_SWEEP = 'retired-before-first-sweep';
const DELETED_BETWEEN_SWEEPS = 'bulk-007-default-subnet';
const GONE = 'The model no longer exists';

const rule = useEmulatedRule(FLEET);

async function sweep(notificationCreationTime: Date) {
  const { config, invoke, sageMakerCalls } = rule();
  config.forgetRequests();
  sageMakerCalls.length = 0;
  const summary = await invoke(scheduledNotificationEvent(notificationCreationTime, DEMO_RULE_PARAMETERS));
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
  const secondRun = new Date('2026-11-30T00:00:05.123Z');
  let first: Awaited<ReturnType<typeof sweep>>;

  beforeAll(async () => {
    rule().config.holdResult({
      ComplianceResourceType: MODEL_TYPE,
      ComplianceResourceId: VANISHED_BEFORE_SWEEP,
      ComplianceType: 'NON_COMPLIANT',
      OrderingTimestamp: new Date('2026-11-01T00:00:00Z'),
    });
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

  it('clears the held result of a model deleted on SageMaker since the last sweep', async () => {
    await deleteModel(rule().arrange, DELETED_BETWEEN_SWEEPS);
    expect(rule().config.heldComplianceOf(MODEL_TYPE, DELETED_BETWEEN_SWEEPS)).toBe('NON_COMPLIANT');

    const second = await sweep(secondRun);

    const remaining = FLEET.filter((model) => model.name !== DELETED_BETWEEN_SWEEPS);
    expectVerdictOfEveryModel(second.evaluations, remaining, secondRun);
    expect(byResourceId(second.evaluations).get(DELETED_BETWEEN_SWEEPS)).toEqual([
      expect.objectContaining({
        ComplianceType: 'NOT_APPLICABLE',
        Annotation: GONE,
        OrderingTimestamp: secondRun,
      }),
    ]);
    // The model cleared by the first sweep is not cleared again.
    expect(second.evaluations).toHaveLength(remaining.length + 1);
    expect(rule().config.heldComplianceOf(MODEL_TYPE, DELETED_BETWEEN_SWEEPS)).toBe('NOT_APPLICABLE');
  });

  it('never repeats a container environment value in a log or an evaluation', () => {
    const { output } = rule();
    expect(FLEET.some((model) => Object.values(model.environment ?? {}).includes(E2E_SECRET))).toBe(true);
    expect(output.text).toContain('Evaluation summary');
    expect(output.text).not.toContain(E2E_SECRET);
    expect(JSON.stringify(first.evaluations)).not.toContain(E2E_SECRET);
  });
});
