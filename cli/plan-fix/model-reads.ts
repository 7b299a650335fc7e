import {
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  ListTagsCommand,
  paginateListEndpointConfigs,
  paginateListModels,
  type DescribeModelOutput,
  type SageMakerClient,
  type Tag,
} from '@aws-sdk/client-sagemaker';
import { awsCall } from '../../aws/call-errors';
import { forEachConcurrently } from '../../aws/concurrency';
import { pagesOf } from '../../aws/paging';
import { refuseAnswerForAnotherModel } from '../../aws/sagemaker-models';

export interface ModelWithTags {
  readonly description: DescribeModelOutput;
  readonly tags: readonly Tag[];
}

/**
 * DescribeModel of `modelName`, refusing an answer about another model: the plan would replace the
 * wrong model, or copy the wrong model's network.
 */
export async function describeModel(
  client: SageMakerClient,
  modelName: string,
): Promise<DescribeModelOutput> {
  const description = await awsCall('DescribeModel', () =>
    client.send(new DescribeModelCommand({ ModelName: modelName })),
  );
  refuseAnswerForAnotherModel(modelName, description);
  return description;
}

/** A model has at most 50 tags, so one ListTags page of 100 holds them all. */
export async function describeModelWithTags(
  client: SageMakerClient,
  modelName: string,
): Promise<ModelWithTags> {
  const description = await describeModel(client, modelName);
  if (!description.ModelArn) throw new Error(`DescribeModel of ${modelName} returned no ModelArn`);
  const { Tags } = await awsCall('ListTags', () =>
    client.send(new ListTagsCommand({ ResourceArn: description.ModelArn, MaxResults: 100 })),
  );
  return { description, tags: Tags ?? [] };
}

export async function modelExists(client: SageMakerClient, modelName: string): Promise<boolean> {
  for await (const page of pagesOf(
    'ListModels',
    paginateListModels({ client, pageSize: 100 }, { NameContains: modelName }),
  )) {
    if ((page.Models ?? []).some((model) => model.ModelName === modelName)) return true;
  }
  return false;
}

/** Beyond this many endpoint configs, finding the ones that use the model costs too many calls for a plan. */
export const MAX_ENDPOINT_CONFIGS_SEARCHED = 200;
const DESCRIBE_CONCURRENCY = 8;

/** Names of the endpoint configs with a production or shadow variant on the model; undefined if too many to search. */
export async function endpointConfigsUsing(
  client: SageMakerClient,
  modelName: string,
): Promise<string[] | undefined> {
  const names: string[] = [];
  for await (const page of pagesOf(
    'ListEndpointConfigs',
    paginateListEndpointConfigs({ client, pageSize: 100 }, {}),
  )) {
    for (const config of page.EndpointConfigs ?? []) names.push(config.EndpointConfigName ?? '');
    if (names.length > MAX_ENDPOINT_CONFIGS_SEARCHED) return undefined;
  }
  const using: string[] = [];
  await forEachConcurrently(names, DESCRIBE_CONCURRENCY, async (name) => {
    const config = await awsCall('DescribeEndpointConfig', () =>
      client.send(new DescribeEndpointConfigCommand({ EndpointConfigName: name })),
    );
    const variants = [...(config.ProductionVariants ?? []), ...(config.ShadowProductionVariants ?? [])];
    if (variants.some((variant) => variant.ModelName === modelName)) using.push(name);
  });
  return using.sort();
}
