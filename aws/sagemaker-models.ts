import {
  DescribeModelCommand,
  type DescribeModelCommandOutput,
  type ListModelsCommandInput,
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
  /**
   * When SageMaker says the model was created, if it says, in epoch milliseconds: a sweep keeps every
   * listed model, and a Date costs several times the memory of a number.
   */
  readonly createdAtMs?: number;
}

export interface DescribedModel extends ListedModel {
  readonly facts: ModelFacts;
}

export interface ModelFailure {
  readonly name: string;
  readonly error: string;
}

/**
 * How ListModels lists: the Lambda's sweep asks for creation order, from where its pass stands, so that a
 * pass can continue without paging past what it has judged.
 */
export type ListingInput = Pick<ListModelsCommandInput, 'SortBy' | 'SortOrder' | 'CreationTimeAfter'>;

export interface SweepOptions {
  readonly withTags: boolean;
  readonly concurrency: number;
  /** @default every model, in ListModels' own order */
  readonly listing?: ListingInput;
  /** Models listed but not judged again: those a continuing pass has judged already. */
  readonly skip?: (model: ListedModel) => boolean;
  /**
   * Sees each page's models to judge before any of them is judged, where a bulk source reads their
   * facts at once; it must not throw for a model it cannot answer for, only leave it to `describe`.
   */
  readonly beforePage?: (models: readonly ListedModel[]) => Promise<void>;
  /** How a model's facts are found. @default DescribeModel, and ListTags with `withTags` */
  readonly describe?: (model: ListedModel, signal: AbortSignal | undefined) => Promise<DescribedModel>;
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
  /** The listing stopped only because the abort came: a pass that saves its progress continues it. */
  readonly listingStopped?: boolean;
  /** Models that could not be judged; they get no verdict. */
  readonly failures: readonly ModelFailure[];
  /**
   * The failures that are only the abort's doing: models listed after it, or cut short by it. A pass that
   * saves its progress leaves them to the next sweep.
   */
  readonly unreached: ReadonlySet<string>;
  /** Listed models that `skip` kept from being judged again. */
  readonly skipped: number;
}

/**
 * Every model in the client's region, page by page as ListModels returns them, each once: a page
 * listed again (a repeated token, a model that moved between pages) must not judge and report a model
 * twice.
 */
export async function* listModelPages(
  client: SageMakerClient,
  signal?: AbortSignal,
  listing: ListingInput = {},
): AsyncGenerator<ListedModel[]> {
  const seen = new Set<string>();
  for await (const page of pagesOf(
    'ListModels',
    // A copy: the paginator writes each page's token into its input.
    paginateListModels({ client, pageSize: 100 }, { ...listing }, { abortSignal: signal }),
  )) {
    const models: ListedModel[] = [];
    for (const model of page.Models ?? []) {
      if (!model.ModelName || !model.ModelArn)
        throw new UnexpectedApiShapeError('ListModels returned a model without ModelName or ModelArn');
      if (seen.has(model.ModelName)) continue;
      seen.add(model.ModelName);
      models.push({
        name: model.ModelName,
        arn: model.ModelArn,
        ...(model.CreationTime && { createdAtMs: new Date(model.CreationTime).getTime() }),
      });
    }
    yield models;
    // Out of time: no further page is asked for.
    if (page.NextToken && signal?.aborted) throw new AwsCallError('ListModels', signal.reason);
  }
}

/**
 * Judges every model in the client's region with bounded concurrency, starting while ListModels is
 * still paging, and hands each to `onModel` as soon as its facts are known (from DescribeModel, or the
 * `describe` given). A model whose facts cannot be found, or do not answer for it, is a failure, never a
 * verdict.
 */
export async function sweepModels(
  client: SageMakerClient,
  options: SweepOptions,
  onModel: (model: DescribedModel) => Promise<void> | void,
): Promise<SweepResult> {
  const { signal } = options;
  const describe =
    options.describe ?? ((model, abort) => describeModel(client, model, options.withTags, abort));
  const listed: ListedModel[] = [];
  const failures: ModelFailure[] = [];
  const unreached = new Set<string>();
  let skipped = 0;
  let listingError: string | undefined;
  let listingStopped = false;
  const stopReason = (): string => describeError(signal?.reason);
  const notReached = (model: ListedModel, error: string): void => {
    unreached.add(model.name);
    failures.push({ name: model.name, error });
  };
  // A listing failure ends the source instead of the sweep: models already listed are still judged.
  async function* everyModel(): AsyncGenerator<ListedModel> {
    try {
      for await (const page of listModelPages(client, signal, options.listing)) {
        const toJudge: ListedModel[] = [];
        for (const model of page) {
          if (!options.skip?.(model)) toJudge.push(model);
          else {
            listed.push(model);
            skipped += 1;
          }
        }
        if (!signal?.aborted && toJudge.length > 0) await options.beforePage?.(toJudge);
        for (const model of toJudge) {
          if (!signal?.aborted) {
            yield model;
            continue;
          }
          // Out of time: the rest of this page is named as not judged; no further page is asked for.
          listed.push(model);
          notReached(model, `not described: ${stopReason()}`);
        }
      }
    } catch (error) {
      listingError = describeError(error);
      listingStopped = signal?.aborted === true;
    }
  }
  await forEachConcurrently(everyModel(), options.concurrency, async (model) => {
    listed.push(model);
    let described: DescribedModel;
    try {
      described = await describe(model, signal);
    } catch (error) {
      if (signal?.aborted) notReached(model, describeError(error));
      else failures.push({ name: model.name, error: describeError(error) });
      return;
    }
    await onModel(described);
  });
  return {
    listed,
    failures,
    unreached,
    skipped,
    ...(listingError !== undefined && { listingError, listingStopped }),
  };
}

/**
 * The model's facts from DescribeModel (and ListTags). An answer about another model, or "could not
 * find model" for a model ListModels has just returned, is a failure: judging it would put a verdict
 * on the wrong model or none on a live one.
 */
export async function describeModel(
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

export async function listTags(
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
