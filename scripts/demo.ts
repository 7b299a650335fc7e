/**
 * `npm run demo`: the rule's real Lambda handler against a local AWS emulator (moto), no AWS account
 * needed. Creates a few SageMaker models, sends one change notification and two periodic sweeps through
 * the handler, and prints the verdicts as AWS Config would record them.
 */
import '../aws/node-support-notice';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { InvocationSummary } from '../lambda/handler';
import { MODEL_RESOURCE_TYPE } from '../evaluator/model-facts';
import {
  CONFIG_RULE_NAME,
  changeNotificationEvent,
  configurationItemOf,
  scheduledNotificationEvent,
} from './emulator/config-events';
import { ConfigRecorder } from './emulator/config-recorder';
import { DEMO_FLEET, DEMO_RULE_PARAMETERS, DEMO_SECRET, RETIRED_MODEL } from './emulator/demo-fleet';
import { useEmulator } from './emulator/emulated-aws';
import { createModels, describeRecordedModel } from './emulator/model-fleet';
import { MotoMissingError, startMotoServer, type MotoServer } from './emulator/moto-server';
import { formatCounts, formatVerdictTable } from './emulator/verdict-table';

const CHANGED_MODEL = 'pricing-other-subnet';

async function main(): Promise<void> {
  // The handler's JSON logs would bury the table; warnings and errors still show.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  console.log('Starting the local AWS emulator (moto_server)...');
  const moto = await startMotoServer();
  try {
    await runDemo(moto);
  } finally {
    await moto.stop();
  }
}

async function runDemo(moto: MotoServer): Promise<void> {
  useEmulator(moto.endpoint);
  // Imported only now: the handler's AWS clients read the endpoint when first created.
  const [{ handler }, { configClient }] = await Promise.all([
    import('../lambda/handler'),
    import('../lambda/handler'),
  ]);
  const recorder = new ConfigRecorder(CONFIG_RULE_NAME);
  recorder.attachTo(configClient());

  const sageMaker = new SageMakerClient({});
  await createModels(sageMaker, DEMO_FLEET);
  const yesterday = new Date(Date.now() - 86_400_000);
  recorder.holdResult(
    {
      ComplianceResourceType: MODEL_RESOURCE_TYPE,
      ComplianceResourceId: RETIRED_MODEL,
      ComplianceType: 'COMPLIANT',
      OrderingTimestamp: yesterday,
    },
    yesterday,
  );
  console.log(`Created ${DEMO_FLEET.length} SageMaker models on ${moto.endpoint}.`);
  console.log(`Rule parameters: ${JSON.stringify(DEMO_RULE_PARAMETERS)}`);
  console.log(`AWS Config still holds a COMPLIANT result for ${RETIRED_MODEL}, deleted since.\n`);

  const item = configurationItemOf(await describeRecordedModel(sageMaker, CHANGED_MODEL), {
    captureTime: new Date(),
  });
  const changeSummary = await handler(changeNotificationEvent(item, DEMO_RULE_PARAMETERS));
  printSection(`1. Change-triggered evaluation: ${CHANGED_MODEL} was created`, recorder, changeSummary);

  recorder.forgetRequests();
  const sweepSummary = await handler(scheduledNotificationEvent(new Date(), DEMO_RULE_PARAMETERS));
  printSection('2. Periodic sweep of every model in the account', recorder, sweepSummary);
  checkEveryModelJudged(recorder);

  recorder.forgetRequests();
  const nextSummary = await handler(scheduledNotificationEvent(new Date(), DEMO_RULE_PARAMETERS));
  printSection('3. The next sweep: nothing changed', recorder, nextSummary);
}

function printSection(title: string, recorder: ConfigRecorder, summary: InvocationSummary): void {
  // The sweep judges models concurrently; sorted, the table reads the same on every run.
  const evaluations = recorder
    .evaluations()
    .sort((a, b) => (a.ComplianceResourceId ?? '').localeCompare(b.ComplianceResourceId ?? ''));
  const table = evaluations.length > 0 ? formatVerdictTable(evaluations) : 'No evaluation sent.';
  if (table.includes(DEMO_SECRET)) throw new Error('A container environment value reached the evaluations');
  console.log(`${title}\n\n${table}\n`);
  const sent = evaluations.length > 0 ? `${formatCounts(summary.counts)}; ` : '';
  const skipped =
    summary.unchangedSkipped > 0
      ? `not sent, as AWS Config holds the same: ${summary.unchangedSkipped}; `
      : '';
  console.log(`Summary: ${sent}${skipped}PutEvaluations calls: ${summary.putEvaluationsCalls}\n`);
}

/** The demo must not look fine when a model has no verdict in AWS Config or the stale result stayed. */
function checkEveryModelJudged(recorder: ConfigRecorder): void {
  const missing = DEMO_FLEET.map((spec) => spec.name).filter(
    (name) => recorder.heldComplianceOf(MODEL_RESOURCE_TYPE, name) === undefined,
  );
  if (missing.length > 0) throw new Error(`AWS Config holds no verdict for: ${missing.join(', ')}`);
  if (recorder.heldComplianceOf(MODEL_RESOURCE_TYPE, RETIRED_MODEL) !== 'NOT_APPLICABLE')
    throw new Error(`The sweep did not clear the result of ${RETIRED_MODEL}`);
}

main().then(
  () => {
    console.log('Done: the emulator is stopped.');
  },
  (error: unknown) => {
    if (error instanceof MotoMissingError) {
      console.error(error.message);
      process.exit(2);
    }
    console.error(
      `Demo failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
    );
    process.exit(1);
  },
);
