import {
  CreateModelCommand,
  DeleteModelCommand,
  DescribeModelCommand,
  ListTagsCommand,
  type DescribeModelCommandOutput,
  type SageMakerClient,
  type VpcConfig,
} from '@aws-sdk/client-sagemaker';
import { forEachConcurrently } from '../../aws/concurrency';
import { EMULATED_ACCOUNT_ID } from './emulated-aws';

/** A model to create on the emulator. `vpcConfig` goes to CreateModel as is, empty lists included. */
export interface ModelSpec {
  readonly name: string;
  readonly vpcConfig?: VpcConfig;
  readonly tags?: Readonly<Record<string, string>>;
  /** Container environment: where real models keep credentials, so the rule must never echo it. */
  readonly environment?: Readonly<Record<string, string>>;
}

/** The model as SageMaker describes it, with its tags: what AWS Config would record. */
export interface RecordedModel {
  readonly description: DescribeModelCommandOutput;
  readonly tags: Readonly<Record<string, string>>;
}

const CREATE_CONCURRENCY = 8;

export async function createModels(client: SageMakerClient, specs: readonly ModelSpec[]): Promise<void> {
  await forEachConcurrently(specs, CREATE_CONCURRENCY, async (spec) => {
    await client.send(
      new CreateModelCommand({
        ModelName: spec.name,
        ExecutionRoleArn: `arn:aws:iam::${EMULATED_ACCOUNT_ID}:role/sagemaker-execution`,
        PrimaryContainer: {
          Image: `${EMULATED_ACCOUNT_ID}.dkr.ecr.eu-west-1.amazonaws.com/${spec.name}:1`,
          ...(spec.environment && { Environment: { ...spec.environment } }),
        },
        ...(spec.vpcConfig && { VpcConfig: spec.vpcConfig }),
        ...(spec.tags && { Tags: Object.entries(spec.tags).map(([Key, Value]) => ({ Key, Value })) }),
      }),
    );
  });
}

export async function deleteModel(client: SageMakerClient, name: string): Promise<void> {
  await client.send(new DeleteModelCommand({ ModelName: name }));
}

export async function describeRecordedModel(client: SageMakerClient, name: string): Promise<RecordedModel> {
  const description = await client.send(new DescribeModelCommand({ ModelName: name }));
  const { Tags } = await client.send(new ListTagsCommand({ ResourceArn: description.ModelArn }));
  const tags: Record<string, string> = {};
  for (const tag of Tags ?? []) if (tag.Key) tags[tag.Key] = tag.Value ?? '';
  return { description, tags };
}
