import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  type AttributeValue,
  type PutItemCommandInput,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { AwsCallError, awsCall } from '../aws/call-errors';
import { awsClientOptions } from '../aws/client-options';
import type { ListedModel } from '../aws/sagemaker-models';

/**
 * Where a pass over the fleet stands. The sweep lists models in creation order, so "judged" is every
 * model created before `createdAt`, and those created at that very millisecond that `names` lists.
 */
export interface PassCursor {
  readonly createdAt: number;
  readonly names: readonly string[];
  /**
   * Models judged beyond the cursor: calls in flight finish after the first model the deadline kept from
   * being judged. Few (at most the sweep's concurrency a sweep), and never judged twice in a pass.
   */
  readonly beyond: readonly string[];
}

/** A pass that one or more sweeps have begun and not finished. */
export interface OpenPass {
  readonly startedAt: Date;
  /** Sweeps that have worked on the pass, this one not included. */
  readonly sweeps: number;
  /** Models judged (or named as failures) by the pass so far. */
  readonly judged: number;
  /** Absent until a sweep of the pass has judged a model with a creation time. */
  readonly cursor?: PassCursor;
}

/** What the store held at the start of the sweep, and what a save must find there to replace it. */
export interface ReadProgress {
  /** Absent: the next pass starts at the top of the listing. */
  readonly pass?: OpenPass;
  /** Why what the store held was not taken: the sweep starts a new pass and says so. */
  readonly unreadable?: string;
  readonly expected: StoredVersion;
}

type StoredVersion =
  | { readonly kind: 'none' }
  | { readonly kind: 'version'; readonly version: number }
  | { readonly kind: 'unversioned' };

/** Whether a continuing pass has judged this model already. A model without a creation time never is. */
export function judgedByPass(model: ListedModel, cursor: PassCursor | undefined): boolean {
  if (cursor === undefined || model.createdAtMs === undefined) return false;
  const createdAt = model.createdAtMs;
  return (
    createdAt < cursor.createdAt ||
    (createdAt === cursor.createdAt && cursor.names.includes(model.name)) ||
    cursor.beyond.includes(model.name)
  );
}

/**
 * How far the pass has got after this sweep: past the longest run of listed models, in listing order,
 * that were all judged (or skipped as judged before), naming those judged past it. Models without a creation time are listed by
 * every sweep and hold nothing back. Where ListModels did not keep to creation order the cursor cannot
 * tell judged from not judged, so it does not move: models are judged again rather than skipped.
 */
export function advanceCursor(
  listed: readonly ListedModel[],
  reached: (model: ListedModel) => boolean,
  previous: PassCursor | undefined,
): { readonly cursor: PassCursor | undefined; readonly inOrder: boolean } {
  let at: Omit<PassCursor, 'beyond'> | undefined = previous;
  // Those judged beyond the previous cursor that this sweep stopped before listing stay judged.
  const listedNames = new Set(listed.map((model) => model.name));
  const beyond = (previous?.beyond ?? []).filter((name) => !listedNames.has(name));
  let latest = -Infinity;
  let prefix = true;
  for (const model of listed) {
    if (model.createdAtMs === undefined) continue;
    const createdAt = model.createdAtMs;
    if (createdAt < latest) return { cursor: previous, inOrder: false };
    latest = createdAt;
    if (!reached(model)) prefix = false;
    else if (!prefix) beyond.push(model.name);
    else {
      const names = at !== undefined && at.createdAt === createdAt ? at.names : [];
      at = { createdAt, names: names.includes(model.name) ? names : [...names, model.name] };
    }
  }
  return { cursor: at && { ...at, beyond }, inOrder: true };
}

/**
 * The sweep's progress in a DynamoDB item owned by the stack, one per rule. Every save is conditional
 * on the version read at the start of the sweep, so that of two overlapping sweeps only one moves the
 * pass on, and the other's save is refused rather than replacing newer progress with older.
 */
export class ProgressStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly ruleName: string,
  ) {}

  async read(signal?: AbortSignal): Promise<ReadProgress> {
    const response = await awsCall('GetItem', () =>
      this.client.send(
        new GetItemCommand({ TableName: this.tableName, Key: this.key(), ConsistentRead: true }),
        { abortSignal: signal },
      ),
    );
    const item = response.Item;
    if (item === undefined) return { expected: { kind: 'none' } };
    const version = wholeNumber(item.version);
    const expected: StoredVersion =
      version === undefined ? { kind: 'unversioned' } : { kind: 'version', version };
    if (item.passStartedAt === undefined) return { expected };
    try {
      return { pass: openPassOf(item), expected };
    } catch (error) {
      return { unreadable: (error as Error).message, expected };
    }
  }

  /**
   * Saves the pass (or, with none, that the last one finished), unless another sweep saved since `read`.
   * Returns false when it did: its progress stands.
   */
  async save(
    read: ReadProgress,
    pass: OpenPass | undefined,
    now: Date,
    signal?: AbortSignal,
  ): Promise<boolean> {
    const version = read.expected.kind === 'version' ? read.expected.version + 1 : 1;
    const item: Record<string, AttributeValue> = {
      ...this.key(),
      version: { N: String(version) },
      savedAt: { S: now.toISOString() },
      ...(pass && {
        passStartedAt: { S: pass.startedAt.toISOString() },
        sweeps: { N: String(pass.sweeps) },
        judged: { N: String(pass.judged) },
      }),
      ...(pass?.cursor && {
        cursorCreatedAt: { N: String(pass.cursor.createdAt) },
        cursorNames: { L: pass.cursor.names.map((name) => ({ S: name })) },
        judgedBeyond: { L: pass.cursor.beyond.map((name) => ({ S: name })) },
      }),
    };
    try {
      await this.client.send(
        new PutItemCommand({ TableName: this.tableName, Item: item, ...condition(read.expected) }),
        { abortSignal: signal },
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw new AwsCallError('PutItem', error);
    }
  }

  private key(): Record<string, AttributeValue> {
    return { ruleName: { S: this.ruleName } };
  }
}

function condition(
  expected: StoredVersion,
): Pick<PutItemCommandInput, 'ConditionExpression' | 'ExpressionAttributeValues'> {
  switch (expected.kind) {
    case 'none':
      return { ConditionExpression: 'attribute_not_exists(ruleName)' };
    case 'version':
      return {
        ConditionExpression: 'version = :version',
        ExpressionAttributeValues: { ':version': { N: String(expected.version) } },
      };
    case 'unversioned':
      return {
        ConditionExpression: 'attribute_exists(ruleName) AND NOT attribute_type(version, :number)',
        ExpressionAttributeValues: { ':number': { S: 'N' } },
      };
  }
}

function openPassOf(item: Record<string, AttributeValue>): OpenPass {
  const startedAt = new Date(item.passStartedAt?.S ?? NaN);
  const sweeps = wholeNumber(item.sweeps);
  const judged = wholeNumber(item.judged);
  const createdAt = wholeNumber(item.cursorCreatedAt);
  const names = item.cursorNames?.L?.map((name) => name.S);
  const beyond = item.judgedBeyond?.L?.map((name) => name.S) ?? [];
  if (Number.isNaN(startedAt.getTime())) throw new Error('passStartedAt is not a time');
  if (sweeps === undefined || judged === undefined) throw new Error('sweeps or judged is not a whole number');
  if (item.cursorCreatedAt === undefined) return { startedAt, sweeps, judged };
  if (createdAt === undefined) throw new Error('cursorCreatedAt is not a whole number');
  if (names === undefined || [...names, ...beyond].some((name) => name === undefined))
    throw new Error('cursorNames or judgedBeyond is not a list of strings');
  return {
    startedAt,
    sweeps,
    judged,
    cursor: { createdAt, names: names as string[], beyond: beyond as string[] },
  };
}

function wholeNumber(value: AttributeValue | undefined): number | undefined {
  const parsed = value?.N === undefined ? NaN : Number(value.N);
  return Number.isSafeInteger(parsed) && parsed >= 0 ? parsed : undefined;
}

let client: DynamoDBClient | undefined;

/** One client per container, made on the first sweep that keeps progress. */
export function progressClient(): DynamoDBClient {
  client ??= new DynamoDBClient(awsClientOptions());
  return client;
}
