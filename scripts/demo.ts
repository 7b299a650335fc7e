/**
 * `npm run demo`: the rule's real Lambda handler against a local AWS emulator (moto), no AWS account
 * needed. Creates a few SageMaker models, sends one change notification and one periodic sweep through
 * the handler, and prints the verdicts as AWS Config would record them.
 */
import '../aws/node-support-notice';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import {
  CONFIG_RULE_NAME,
  changeNotificationEvent,
  configurationItemOf,
  scheduledNotificationEvent,
} from './lib/config-events';
import { ConfigRecorder } from './lib/config-recorder';
import { DEMO_FLEET, DEMO_RULE_PARAMETERS, DEMO_SECRET, RETIRED_MODEL } from './lib/demo-fleet';
import { useEmulator } from './lib/emulated-aws';
import { createModels, describeRecordedModel } from './lib/model-fleet';
import { MotoMissingError, startMotoServer, type MotoServer } from './lib/moto-server';
import { formatCounts, formatVerdictTable } from './lib/verdict-table';

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
    import('../lambda/aws/config-client'),
  ]);
  const recorder = new ConfigRecorder(CONFIG_RULE_NAME);
  recorder.attachTo(configClient());

  const sageMaker = new SageMakerClient({});
  await createModels(sageMaker, DEMO_FLEET);
  recorder.holdResult({
    ComplianceResourceType: 'AWS::SageMaker::Model',
    ComplianceResourceId: RETIRED_MODEL,
    ComplianceType: 'COMPLIANT',
    OrderingTimestamp: new Date(Date.now() - 86_400_000),
  });
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
}

function printSection(
  title: string,
  recorder: ConfigRecorder,
  summary: { counts: Readonly<Record<string, number>>; putEvaluationsCalls: number },
): void {
  // The sweep judges models concurrently; sorted, the table reads the same on every run.
  const evaluations = recorder
    .evaluations()
    .sort((a, b) => (a.ComplianceResourceId ?? '').localeCompare(b.ComplianceResourceId ?? ''));
  const table = formatVerdictTable(evaluations);
  if (table.includes(DEMO_SECRET)) throw new Error('A container environment value reached the evaluations');
  console.log(`${title}\n\n${table}\n`);
  console.log(
    `Summary: ${formatCounts(summary.counts)}; PutEvaluations calls: ${summary.putEvaluationsCalls}\n`,
  );
}

/** The demo must not look fine when a model got no verdict or the stale result stayed. */
function checkEveryModelJudged(recorder: ConfigRecorder): void {
  const judged = new Set(recorder.evaluations().map((evaluation) => evaluation.ComplianceResourceId));
  const missing = [...DEMO_FLEET.map((spec) => spec.name), RETIRED_MODEL].filter((name) => !judged.has(name));
  if (missing.length > 0) throw new Error(`The sweep reported no verdict for: ${missing.join(', ')}`);
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
