import { ConfigServiceClient, PutEvaluationsCommand } from '@aws-sdk/client-config-service';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../lambda/handler';
import { changeNotificationEvent, configurationItemOf } from '../scripts/emulator/config-events';
import { median } from './stats';

export interface ChangePathResult {
  readonly events: number;
  readonly sageMakerCallsPerEvent: number;
  readonly putEvaluationsCallsPerEvent: number;
  /** The handler's own time per event, with AWS answered in-process (no network). */
  readonly microsecondsPerEvent: number;
}

const vpcConfig = {
  Subnets: ['subnet-0a1b2c3d4e5f60718', 'subnet-1a2b3c4d'],
  SecurityGroupIds: ['sg-0123456789abcdef0'],
};

function eventFor(index: number): unknown {
  const name = `model-${index}`;
  const item = configurationItemOf(
    {
      description: {
        ModelName: name,
        ModelArn: `arn:aws:sagemaker:eu-west-1:123456789012:model/${name}`,
        ...(index % 3 !== 0 && { VpcConfig: vpcConfig }),
        $metadata: {},
        CreationTime: new Date(0),
        ExecutionRoleArn: undefined,
      },
      tags: { team: 'ml' },
    },
    { captureTime: new Date() },
  );
  return changeNotificationEvent(item, {
    subnetIds: vpcConfig.Subnets.join(','),
    exemptionTag: 'vpc-exempt',
  });
}

export async function measureChangePath(events: number, rounds: number): Promise<ChangePathResult> {
  const sageMaker = mockClient(SageMakerClient);
  const config = mockClient(ConfigServiceClient);
  config.on(PutEvaluationsCommand).resolves({ FailedEvaluations: [] });
  // Log lines are formatted as in Lambda (that cost is the handler's) but not printed.
  const stdout = process.stdout.write.bind(process.stdout);
  process.stdout.write = () => true;
  try {
    const inputs = Array.from({ length: events }, (_, index) => eventFor(index));
    await handler(inputs[0]);
    config.resetHistory();
    const perRound: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      const started = process.hrtime.bigint();
      for (const input of inputs) await handler(input);
      perRound.push(Number(process.hrtime.bigint() - started) / 1000 / events);
    }
    return {
      events,
      sageMakerCallsPerEvent: sageMaker.calls().length / (events * rounds),
      putEvaluationsCallsPerEvent: config.commandCalls(PutEvaluationsCommand).length / (events * rounds),
      microsecondsPerEvent: median(perRound),
    };
  } finally {
    process.stdout.write = stdout;
    sageMaker.restore();
    config.restore();
  }
}
