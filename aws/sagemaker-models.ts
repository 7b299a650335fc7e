import {
  DescribeModelCommand,
  paginateListModels,
  paginateListTags,
  type SageMakerClient,
  type Tag,
} from '@aws-sdk/client-sagemaker';
import { modelFactsFromDescribeModel } from '../evaluator/adapters/describe-model';
import { forEachConcurrently } from './concurrency';
import type { ModelFacts } from '../evaluator/model-facts';
import { describeError } from './client-options';

/** Models described at once by a sweep (the Lambda's, and the audit's in each region). */
export const DEFAULT_SWEEP_CONCURRENCY = 8;

export interface ListedModel {
  readonly name: string;
  readonly arn: string;
}

export interface DescribedModel extends ListedModel {
  readonly facts: ModelFacts;
}

export interface ModelFailure {
  readonly name: string;
  readonly error: string;
}

export interface SweepOptions {
  readonly withTags: boolean;
  readonly concurrency: number;
}

export interface SweepResult {
  /** Every model ListModels returned, judged or not. */
  readonly listed: readonly ListedModel[];
  /** Why ListModels stopped before its last page: the models after it were never seen. */
  readonly listingError?: string;
  /** Models deleted between ListModels and DescribeModel. */
  readonly vanished: readonly string[];
  /** Models that could not be described; they get no verdict. */
  readonly failures: readonly ModelFailure[];
}

/** Every model in the client's region, page by page as ListModels returns them. */
export async function* listModels(client: SageMakerClient): AsyncGenerator<ListedModel> {
  for await (const page of paginateListModels({ client, pageSize: 100 }, {})) {
    for (const model of page.Models ?? []) {
      if (!model.ModelName || !model.ModelArn)
        throw new Error('ListModels returned a model without ModelName or ModelArn');
      yield { name: model.ModelName, arn: model.ModelArn };
    }
  }
}

/**
 * Describes every model in the client's region with bounded concurrency, starting while ListModels is
 * still paging, and hands each to `onModel` as soon as it is known. A model that cannot be described
 * is a failure, never a verdict.
 */
export async function sweepModels(
  client: SageMakerClient,
  options: SweepOptions,
  onModel: (model: DescribedModel) => Promise<void> | void,
): Promise<SweepResult> {
  const listed: ListedModel[] = [];
  const vanished: string[] = [];
  const failures: ModelFailure[] = [];
  let listingError: string | undefined;
  // A listing failure ends the source instead of the sweep: models already listed are still judged.
  async function* everyModel(): AsyncGenerator<ListedModel> {
    try {
      yield* listModels(client);
    } catch (error) {
      listingError = describeError(error);
    }
  }
  await forEachConcurrently(everyModel(), options.concurrency, async (model) => {
    listed.push(model);
    let described: DescribedModel | undefined;
    try {
      described = await describeModel(client, model, options.withTags);
    } catch (error) {
      failures.push({ name: model.name, error: describeError(error) });
      return;
    }
    if (described) await onModel(described);
    else vanished.push(model.name);
  });
  return { listed, vanished, failures, ...(listingError !== undefined && { listingError }) };
}

/** Returns undefined when the model no longer exists. */
async function describeModel(
  client: SageMakerClient,
  model: ListedModel,
  withTags: boolean,
): Promise<DescribedModel | undefined> {
  let response;
  try {
    response = await client.send(new DescribeModelCommand({ ModelName: model.name }));
  } catch (error) {
    if (isModelNotFound(error)) return undefined;
    throw error;
  }
  const tags = withTags ? await listTags(client, response.ModelArn ?? model.arn) : undefined;
  return { ...model, facts: modelFactsFromDescribeModel(model.name, response, tags) };
}

async function listTags(client: SageMakerClient, arn: string): Promise<Tag[]> {
  const tags: Tag[] = [];
  for await (const page of paginateListTags({ client, pageSize: 100 }, { ResourceArn: arn })) {
    tags.push(...(page.Tags ?? []));
  }
  return tags;
}

/** SageMaker answers a missing model with a ValidationException, not a NotFound error. */
function isModelNotFound(error: unknown): boolean {
  return (
    error instanceof Error &&
    error.name === 'ValidationException' &&
    /could not find model/i.test(error.message)
  );
}
