import type { Evaluation } from '@aws-sdk/client-config-service';
import {
  changeNotificationEvent,
  configurationItemOf,
  historyItemOf,
  oversizedNotificationEvent,
} from '../../../scripts/emulator/config-events';
import { DEMO_RULE_PARAMETERS, DEMO_SECRET } from '../../../scripts/emulator/demo-fleet';
import { deleteModel, describeRecordedModel } from '../../../scripts/emulator/model-fleet';
import { E2E_SECRET, NAMED_FLEET } from '../support/e2e-fleet';
import { useEmulatedRule } from '../support/emulated-rule';

const rule = useEmulatedRule(NAMED_FLEET);
const PARAMETERS = DEMO_RULE_PARAMETERS;
const CAPTURE_TIME = new Date('2026-11-28T09:15:42.318Z');
/** Every evaluation any test sent, for the leak check. */
const everyEvaluationSent: Evaluation[] = [];

async function itemOf(name: string, options: { resourceId?: string; status?: string } = {}) {
  return configurationItemOf(await describeRecordedModel(rule().arrange, name), {
    captureTime: CAPTURE_TIME,
    ...options,
  });
}

/** Runs one invocation and returns the evaluations it sent, after checking it sent them in one call. */
async function evaluationsOf(event: unknown): Promise<Evaluation[]> {
  const { config, invoke } = rule();
  config.forgetRequests();
  const summary = await invoke(event);
  expect(summary.putEvaluationsCalls).toBe(1);
  expect(config.putEvaluationsRequests).toHaveLength(1);
  expect(config.putEvaluationsRequests[0]).toMatchObject({ ResultToken: 'TESTMODE', TestMode: true });
  everyEvaluationSent.push(...config.evaluations());
  return config.evaluations();
}

/** The one evaluation AWS Config should record for a change captured at CAPTURE_TIME. */
function evaluationOf(resourceId: string, compliance: string, annotation: string): Evaluation {
  return {
    ComplianceResourceType: 'AWS::SageMaker::Model',
    ComplianceResourceId: resourceId,
    ComplianceType: compliance as Evaluation['ComplianceType'],
    Annotation: annotation,
    OrderingTimestamp: CAPTURE_TIME,
  };
}

describe('change notifications through the real handler against moto', () => {
  afterEach(() => {
    // A change notification is judged from the item alone: the handler's SageMaker client stays idle.
    expect(rule().sageMakerCalls).toEqual([]);
  });

  it.each(NAMED_FLEET.map((model) => [model.name, model.expected] as const))(
    'judges %s from its configuration item',
    async (name, expected) => {
      const item = await itemOf(name);
      const evaluations = await evaluationsOf(changeNotificationEvent(item, PARAMETERS));
      expect(evaluations).toEqual([evaluationOf(name, expected.compliance, expected.annotation)]);
    },
  );

  it('reports under the resourceId of the item, whatever identifier Config uses', async () => {
    const item = await itemOf('churn-model-public', {
      resourceId: 'arn:aws:sagemaker:eu-west-1:123456789012:model/churn-model-public',
    });
    const [evaluation] = await evaluationsOf(changeNotificationEvent(item, PARAMETERS));
    expect(evaluation?.ComplianceResourceId).toBe(item.resourceId);
  });

  it('fetches the item of an oversized notification from the configuration history', async () => {
    const item = await itemOf('default-subnet');
    rule().config.addHistoryItem(historyItemOf(item));
    const evaluations = await evaluationsOf(oversizedNotificationEvent(item, PARAMETERS));
    expect(evaluations).toEqual([
      evaluationOf('default-subnet', 'NON_COMPLIANT', "VpcConfig.Subnets has invalid subnet IDs: 'default'"),
    ]);
  });

  it('reports nothing when the oversized item cannot be fetched', async () => {
    // No history registered for this model, so the request reaches moto, which answers ResourceNotDiscovered.
    const item = await itemOf('fraud-scoring-v3');
    const { config, invoke } = rule();
    config.forgetRequests();
    await expect(invoke(oversizedNotificationEvent(item, PARAMETERS))).rejects.toMatchObject({
      name: 'AwsCallError',
      message: expect.stringMatching(
        /^GetResourceConfigHistory failed: HTTP 400 ResourceNotDiscoveredException/,
      ),
    });
    expect(config.putEvaluationsRequests).toEqual([]);
  });

  it('marks a deleted model NOT_APPLICABLE', async () => {
    const item = await itemOf('both-lists-empty', { status: 'ResourceDeleted' });
    await deleteModel(rule().arrange, 'both-lists-empty');
    const evaluations = await evaluationsOf(changeNotificationEvent(item, PARAMETERS));
    expect(evaluations).toEqual([
      evaluationOf('both-lists-empty', 'NOT_APPLICABLE', 'The configuration item status is ResourceDeleted'),
    ]);
  });

  it('never repeats a container environment value in a log or an evaluation', async () => {
    const item = await itemOf('secret-env-no-vpc');
    const event = changeNotificationEvent(item, PARAMETERS);
    // The secret really is in what the handler receives, so its absence below means something.
    expect(JSON.stringify(event)).toContain(E2E_SECRET);
    await evaluationsOf(event);

    const { output } = rule();
    expect(output.text).toContain('Evaluation summary');
    for (const secret of [E2E_SECRET, DEMO_SECRET]) {
      expect(output.text).not.toContain(secret);
      expect(JSON.stringify(everyEvaluationSent)).not.toContain(secret);
    }
  });
});
