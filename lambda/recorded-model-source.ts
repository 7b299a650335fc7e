import {
  BatchGetResourceConfigCommand,
  paginateSelectResourceConfig,
  type BaseConfigurationItem,
  type ConfigServiceClient,
  type ResourceKey,
} from '@aws-sdk/client-config-service';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { setTimeout as pause } from 'node:timers/promises';
import { awsCall, describeError } from '../aws/call-errors';
import { pagesOf } from '../aws/paging';
import { describeModel, listTags, type DescribedModel, type ListedModel } from '../aws/sagemaker-models';
import {
  isLive,
  modelFactsFromRecordedItem,
  type RecordedItem,
} from '../evaluator/adapters/configuration-item';
import { isPlainObject, MODEL_RESOURCE_TYPE, parseJsonText } from '../evaluator/model-facts';
import { recordedItemFromHistory } from './config-history';
import type { RecordedModels } from './config-inventory';
import { logger } from './logger';

/** BatchGetResourceConfig takes at most 100 keys per call. */
const KEYS_PER_BATCH = 100;
/**
 * Keys Config leaves unprocessed (throttled inside the batch) are asked for again this many times, after
 * a pause that grows each time: asking again at once would meet the same throttling.
 */
const UNPROCESSED_RETRIES = 3;
const UNPROCESSED_PAUSE_MS = 200;
const SELECT_PAGE = 100;

/** Why a model was judged from the live API rather than from Config's item, for the sweep's summary. */
export type LiveReason =
  | 'not recorded'
  | 'recorded under more than one ID'
  | 'item missing'
  | 'item about another resource'
  | 'item older than the model'
  | 'item not live'
  | 'item unreadable';

export interface SourceCounts {
  /** Models judged from Config's configuration items. */
  readonly fromConfig: number;
  /** Models judged from DescribeModel, by why Config could not answer. */
  readonly fromLive: Readonly<Partial<Record<LiveReason, number>>>;
  /** Models whose tags came from ListTags, because Config's query could not give them. */
  readonly tagsFromListTags: number;
}

/**
 * The sweep's bulk source: the configuration items AWS Config holds for each page of models, read 100 at
 * a time with BatchGetResourceConfig and judged by the same adapter as the change-triggered path. Tags,
 * which those items lack, come from one advanced query over every recorded model. ListModels stays the
 * truth for which models exist; DescribeModel answers for a model only where Config cannot: not
 * recorded, no item, an item about another resource, captured before the model was created, or in a
 * status other than OK or ResourceDiscovered.
 */
export class RecordedModelSource {
  private readonly items = new Map<string, BaseConfigurationItem>();
  private tags: Promise<ReadonlyMap<string, Record<string, string>> | undefined> | undefined;
  private fromConfig = 0;
  private tagsFromListTags = 0;
  private readonly fromLive: Partial<Record<LiveReason, number>> = {};

  constructor(
    private readonly clients: { readonly config: ConfigServiceClient; readonly sageMaker: SageMakerClient },
    private readonly recorded: RecordedModels,
    private readonly withTags: boolean,
    private readonly signal: AbortSignal | undefined,
  ) {}

  /**
   * Reads the items of a page's models at once. A failed read only sends its models to DescribeModel.
   * The previous page's items can go: the sweep asks for the next page only once each model of this one
   * has been started, and `describe` takes its item before anything else.
   */
  readonly beforePage = async (models: readonly ListedModel[]): Promise<void> => {
    this.items.clear();
    const keys = models.flatMap((model): ResourceKey[] => {
      const ids = this.recorded.idsOf(model.name);
      return ids.length === 1 ? [{ resourceType: MODEL_RESOURCE_TYPE, resourceId: ids[0] }] : [];
    });
    for (let start = 0; start < keys.length; start += KEYS_PER_BATCH) {
      try {
        await this.batchGet(keys.slice(start, start + KEYS_PER_BATCH));
      } catch (error) {
        if (this.signal?.aborted) return;
        logger.warn('BatchGetResourceConfig failed: its models are judged from DescribeModel', {
          error: describeError(error),
        });
      }
    }
  };

  readonly describe = async (
    model: ListedModel,
    signal: AbortSignal | undefined,
  ): Promise<DescribedModel> => {
    const answer = this.recordedItemOf(model);
    if (typeof answer === 'string') {
      this.fromLive[answer] = (this.fromLive[answer] ?? 0) + 1;
      return describeModel(this.clients.sageMaker, model, this.withTags, signal);
    }
    const tags = this.withTags ? await this.tagsOf(model, answer.resourceId, signal) : undefined;
    const facts = modelFactsFromRecordedItem({ ...answer, tags });
    this.fromConfig += 1;
    return { ...model, facts };
  };

  counts(): SourceCounts {
    return {
      fromConfig: this.fromConfig,
      fromLive: { ...this.fromLive },
      tagsFromListTags: this.tagsFromListTags,
    };
  }

  private async batchGet(keys: ResourceKey[]): Promise<void> {
    let pending = keys;
    for (let attempt = 0; pending.length > 0 && attempt <= UNPROCESSED_RETRIES; attempt += 1) {
      if (attempt > 0)
        await pause(UNPROCESSED_PAUSE_MS * 2 ** (attempt - 1), undefined, { signal: this.signal });
      const response = await awsCall('BatchGetResourceConfig', () =>
        this.clients.config.send(new BatchGetResourceConfigCommand({ resourceKeys: pending }), {
          abortSignal: this.signal,
        }),
      );
      const asked = new Set(pending.map((key) => key.resourceId));
      for (const item of response.baseConfigurationItems ?? []) {
        if (item.resourceId !== undefined && asked.has(item.resourceId))
          this.items.set(item.resourceId, item);
        else refuse(item, 'Config answered for a resource that was not asked for');
      }
      pending = (response.unprocessedResourceKeys ?? []).filter((key) => asked.has(key.resourceId ?? ''));
    }
  }

  /** The model's item, where Config's answers for it: otherwise why DescribeModel must. */
  private recordedItemOf(model: ListedModel): RecordedItem | LiveReason {
    const ids = this.recorded.idsOf(model.name);
    if (ids.length === 0) return 'not recorded';
    if (ids.length > 1) return 'recorded under more than one ID';
    const stored = this.items.get(ids[0]!);
    if (stored === undefined) return 'item missing';
    let item: RecordedItem;
    let live: boolean;
    try {
      item = recordedItemFromHistory(stored);
      live = isLive(item.status);
    } catch (error) {
      logger.warn('A configuration item was unreadable: the model is judged from DescribeModel', {
        model: model.name,
        error: (error as Error).message,
      });
      return 'item unreadable';
    }
    if (
      item.resourceType !== MODEL_RESOURCE_TYPE ||
      (item.resourceName !== undefined && item.resourceName !== model.name)
    ) {
      refuse(stored, `asked for the item of model ${model.name}`);
      return 'item about another resource';
    }
    if (!live) return 'item not live';
    if (model.createdAtMs !== undefined && item.captureTime.getTime() < model.createdAtMs)
      return 'item older than the model';
    return item;
  }

  private async tagsOf(
    model: ListedModel,
    resourceId: string,
    signal: AbortSignal | undefined,
  ): Promise<unknown> {
    this.tags ??= this.queryTags();
    const recorded = (await this.tags)?.get(resourceId);
    if (recorded !== undefined) return recorded;
    this.tagsFromListTags += 1;
    const listed = await listTags(this.clients.sageMaker, model.arn, signal);
    return Object.fromEntries(
      listed.flatMap((tag) => (tag.Key === undefined ? [] : [[tag.Key, tag.Value ?? '']])),
    );
  }

  /** Every recorded model's tags from one advanced query; undefined where the query fails. */
  private async queryTags(): Promise<ReadonlyMap<string, Record<string, string>> | undefined> {
    const tags = new Map<string, Record<string, string>>();
    try {
      for await (const page of pagesOf(
        'SelectResourceConfig',
        paginateSelectResourceConfig(
          { client: this.clients.config, pageSize: SELECT_PAGE },
          { Expression: `SELECT resourceId, tags WHERE resourceType = '${MODEL_RESOURCE_TYPE}'` },
          { abortSignal: this.signal },
        ),
      )) {
        for (const result of page.Results ?? []) {
          const row = tagRow(result);
          if (row) tags.set(row.resourceId, row.tags);
        }
      }
      return tags;
    } catch (error) {
      logger.warn("Config's advanced query gave no tags: each model's tags come from ListTags", {
        error: describeError(error),
      });
      return undefined;
    }
  }
}

/** One row of the tag query; a row of another shape is skipped, so that its model's tags come from ListTags. */
function tagRow(result: string): { resourceId: string; tags: Record<string, string> } | undefined {
  let row: unknown;
  try {
    row = parseJsonText(result);
  } catch {
    return undefined;
  }
  if (!isPlainObject(row) || typeof row.resourceId !== 'string') return undefined;
  const list = row.tags ?? [];
  if (!Array.isArray(list)) return undefined;
  const tags: Record<string, string> = {};
  for (const tag of list) {
    if (!isPlainObject(tag) || typeof tag.key !== 'string') return undefined;
    tags[tag.key] = typeof tag.value === 'string' ? tag.value : '';
  }
  return { resourceId: row.resourceId, tags };
}

function refuse(item: BaseConfigurationItem, why: string): void {
  logger.error('Refused a configuration item about another resource: nothing is judged from it', {
    resourceType: item.resourceType,
    resourceId: item.resourceId,
    resourceName: item.resourceName,
    why,
  });
}
