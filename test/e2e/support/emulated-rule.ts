import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { CONFIG_RULE_NAME } from '../../../scripts/emulator/config-events';
import { ConfigRecorder } from '../../../scripts/emulator/config-recorder';
import { useEmulator } from '../../../scripts/emulator/emulated-aws';
import { createModels, type ModelSpec } from '../../../scripts/emulator/model-fleet';
import { startMotoServer, type MotoServer } from '../../../scripts/emulator/moto-server';
import type { handler as Handler } from '../../../lambda/handler';
import { recordCommands, type RecordedCommand } from './command-log';
import { pageListModelsLikeAws } from './list-models-pages';
import { ProcessOutput } from '../../support/process-output';

export interface EmulatedRule {
  /** Stands in for AWS Config's stored results; see ConfigRecorder. */
  readonly config: ConfigRecorder;
  /** Every command the handler's own SageMaker client sent. */
  readonly sageMakerCalls: RecordedCommand[];
  /** A separate client for arranging models, so its calls are not counted as the handler's. */
  readonly arrange: SageMakerClient;
  /** The handler's logs, kept for leak checks. */
  readonly output: ProcessOutput;
  /** Runs the handler with its log output captured, with as much time as `context` says is left. */
  invoke(event: unknown, context?: Parameters<typeof Handler>[1]): ReturnType<typeof Handler>;
  /** Runs the handler on each event at once, as overlapping invocations, with their output captured. */
  invokeTogether(
    events: readonly unknown[],
    context?: Parameters<typeof Handler>[1],
  ): Promise<Array<Awaited<ReturnType<typeof Handler>>>>;
}

/** Starting moto (a Python server) and creating the fleet: slow on a busy machine. */
const SETUP_TIMEOUT_MS = 180_000;

/**
 * Starts moto for this test file, points the SDK at it before the handler's clients exist, creates
 * `fleet`, and stops moto after the last test, whether the tests passed or not. A missing
 * moto_server fails every test with the install instructions.
 */
export function useEmulatedRule(fleet: readonly ModelSpec[]): () => EmulatedRule {
  let moto: MotoServer | undefined;
  let rule: EmulatedRule | undefined;

  beforeAll(async () => {
    moto = await startMotoServer();
    useEmulator(moto.endpoint);
    // Debug level: a log line added later that dumps a model must show up in the leak checks.
    process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
    delete process.env.POWERTOOLS_DEV;
    const [{ handler }, { configClient }, { sageMakerClient }] = await Promise.all([
      import('../../../lambda/handler'),
      import('../../../lambda/handler'),
      import('../../../lambda/sagemaker-client'),
    ]);
    const config = new ConfigRecorder(CONFIG_RULE_NAME);
    config.attachTo(configClient());
    const sageMakerCalls = recordCommands(sageMakerClient());
    pageListModelsLikeAws(sageMakerClient());
    const arrange = new SageMakerClient({});
    await createModels(arrange, fleet);
    const output = new ProcessOutput();
    rule = {
      config,
      sageMakerCalls,
      arrange,
      output,
      invoke: (event, context) => output.during(() => handler(event, context)),
      invokeTogether: (events, context) =>
        output.during(() => Promise.all(events.map((event) => handler(event, context)))),
    };
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    rule?.arrange.destroy();
    await moto?.stop();
  });

  return () => {
    if (!rule) throw new Error('The emulated rule is not set up: see the beforeAll error above');
    return rule;
  };
}
