import {
  DescribeModelCommand,
  type DescribeModelCommandOutput,
  paginateListModels,
  paginateListTags,
  type SageMakerClient,
  type Tag,
} from '@aws-sdk/client-sagemaker';
import { modelFactsFromDescribeModel, UnexpectedApiShapeError } from '../evaluator/adapters/describe-model';
import { forEachConcurrently } from './concurrency';
import type { ModelFacts } from '../evaluator/model-facts';
import { AwsCallError, describeError } from './call-errors';
import { pagesOf } from './paging';

/** Models described at once by a sweep (the Lambda's, and the audit's in each region). */
export const DEFAULT_SWEEP_CONCURRENCY = 8;

export interface ListedModel {
  readonly name: string;
  readonly arn: string;
  /** When SageMaker says the model was created, if it says. */
  readonly createdAt?: Date;
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
  /**
   * When it aborts, no model is started any more and calls in flight are abandoned: each listed model
   * without a verdict becomes a failure, and a listing cut short is a listingError. The abort's reason
   * (an Error) says why in each.
   */
  readonly signal?: AbortSignal;
}

export interface SweepResult {
  /** Every model ListModels returned, judged or not. */
  readonly listed: readonly ListedModel[];
  /** Why ListModels stopped before its last page: the models after it were never seen. */
  readonly listingError?: string;
  /** Models that could not be judged; they get no verdict. */
  readonly failures: readonly ModelFailure[];
}

/**
 * Every model in the client's region, page by page as ListModels returns them, each once: a page
 * listed again (a repeated token, a model that moved between pages) must not judge and report a model
 * twice.
 */
export async function* listModels(
  client: SageMakerClient,
  signal?: AbortSignal,
): AsyncGenerator<ListedModel> {
  const seen = new Set<string>();
  for await (const page of pagesOf(
    'ListModels',
    paginateListModels({ client, pageSize: 100 }, {}, { abortSignal: signal }),
  )) {
    for (const model of page.Models ?? []) {
      if (!model.ModelName || !model.ModelArn)
        throw new UnexpectedApiShapeError('ListModels returned a model without ModelName or ModelArn');
      if (seen.has(model.ModelName)) continue;
      seen.add(model.ModelName);
      yield {
        name: model.ModelName,
        arn: model.ModelArn,
        ...(model.CreationTime && { createdAt: new Date(model.CreationTime) }),
      };
    }
    // Out of time: no further page is asked for.
    if (page.NextToken && signal?.aborted) throw new AwsCallError('ListModels', signal.reason);
  }
}

/**
 * Describes every model in the client's region with bounded concurrency, starting while ListModels is
 * still paging, and hands each to `onModel` as soon as it is known. A model that cannot be described,
 * or whose description does not answer for it, is a failure, never a verdict.
 */
export async function sweepModels(
  client: SageMakerClient,
  options: SweepOptions,
  onModel: (model: DescribedModel) => Promise<void> | void,
): Promise<SweepResult> {
  const { signal } = options;
  const listed: ListedModel[] = [];
  const failures: ModelFailure[] = [];
  let listingError: string | undefined;
  const stopReason = (): string => describeError(signal?.reason);
  // A listing failure ends the source instead of the sweep: models already listed are still judged.
  async function* everyModel(): AsyncGenerator<ListedModel> {
    try {
      for await (const model of listModels(client, signal)) {
        if (!signal?.aborted) {
          yield model;
          continue;
        }
        // Out of time: the rest of this page is named as not judged; no further page is asked for.
        listed.push(model);
        failures.push({ name: model.name, error: `not described: ${stopReason()}` });
      }
    } catch (error) {
      listingError = describeError(error);
    }
  }
  await forEachConcurrently(everyModel(), options.concurrency, async (model) => {
    listed.push(model);
    let described: DescribedModel;
    try {
      described = await describeModel(client, model, options.withTags, signal);
    } catch (error) {
      failures.push({ name: model.name, error: describeError(error) });
      return;
    }
    await onModel(described);
  });
  return { listed, failures, ...(listingError !== undefined && { listingError }) };
}

/**
 * The model's facts from DescribeModel (and ListTags). An answer about another model, or "could not
 * find model" for a model ListModels has just returned, is a failure: judging it would put a verdict
 * on the wrong model or none on a live one.
 */
async function describeModel(
  client: SageMakerClient,
  model: ListedModel,
  withTags: boolean,
  signal: AbortSignal | undefined,
): Promise<DescribedModel> {
  const response = await describeIfExists(client, model.name, signal);
  if (response === undefined) {
    throw new UnexpectedApiShapeError(
      `DescribeModel could not find ${model.name}, which ListModels has just returned ` +
        '(deleted meanwhile, or a wrong answer)',
    );
  }
  refuseAnswerForAnotherModel(model.name, response);
  const tags = withTags ? await listTags(client, model.arn, signal) : undefined;
  return { ...model, facts: modelFactsFromDescribeModel(model.name, response, tags) };
}

async function listTags(
  client: SageMakerClient,
  arn: string,
  signal: AbortSignal | undefined,
): Promise<Tag[]> {
  const tags: Tag[] = [];
  for await (const page of pagesOf(
    'ListTags',
    paginateListTags({ client, pageSize: 100 }, { ResourceArn: arn }, { abortSignal: signal }),
  )) {
    tags.push(...(page.Tags ?? []));
  }
  return tags;
}

/**
 * Refuses a DescribeModel answer that names another model than the one asked for: a verdict, or a fix
 * plan, built from it would be about the wrong model. An answer without ModelName is left to
 * modelFactsFromDescribeModel, which refuses it too.
 */
export function refuseAnswerForAnotherModel(
  modelName: string,
  response: Pick<DescribeModelCommandOutput, 'ModelName'>,
): void {
  if (response.ModelName !== undefined && response.ModelName !== modelName) {
    throw new UnexpectedApiShapeError(
      `DescribeModel of ${modelName} answered for another model (${response.ModelName})`,
    );
  }
}

/** Whether DescribeModel says there is no model of this name. */
export async function modelIsGone(
  client: SageMakerClient,
  modelName: string,
  signal?: AbortSignal,
): Promise<boolean> {
  return (await describeIfExists(client, modelName, signal)) === undefined;
}

/**
 * DescribeModel's answer, or undefined where it says there is no such model: SageMaker answers a
 * missing model with a ValidationException, not a NotFound error. Any other failure names the call.
 */
async function describeIfExists(
  client: SageMakerClient,
  modelName: string,
  signal: AbortSignal | undefined,
): Promise<DescribeModelCommandOutput | undefined> {
  try {
    return await client.send(new DescribeModelCommand({ ModelName: modelName }), { abortSignal: signal });
  } catch (error) {
    if (isModelNotFound(error)) return undefined;
    throw new AwsCallError('DescribeModel', error);
  }
}

function isModelNotFound(error: unknown): boolean {
  return (
    error instanceof Error &&
    error.name === 'ValidationException' &&
    /could not find model/i.test(error.message)
  );
}
