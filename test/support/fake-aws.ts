import {
  BatchGetResourceConfigCommand,
  ConfigServiceClient,
  GetComplianceDetailsByConfigRuleCommand,
  SelectResourceConfigCommand,
  type BaseConfigurationItem,
  type ResourceKey,
  ListDiscoveredResourcesCommand,
  PutEvaluationsCommand,
  type Evaluation,
  type ListDiscoveredResourcesCommandInput,
} from '@aws-sdk/client-config-service';
import {
  DescribeModelCommand,
  ListModelsCommand,
  ListTagsCommand,
  type ListModelsCommandInput,
  SageMakerClient,
  SageMakerServiceException,
  type VpcConfig,
} from '@aws-sdk/client-sagemaker';
import type { Logger } from '@aws-lambda-powertools/logger';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { logger as ruleLogger } from '../../lambda/logger';
import { page } from './paging';
import { ProcessOutput } from './process-output';

export interface FakeModel {
  readonly name: string;
  readonly vpcConfig?: VpcConfig;
  readonly tags?: Record<string, string>;
  readonly enableNetworkIsolation?: boolean;
  /** DescribeModel fails with this error instead of answering. */
  readonly describeError?: Error;
  /** DescribeModel answers as if the model were deleted after ListModels. */
  readonly vanished?: boolean;
  /** What ListModels gives as its CreationTime. @default the epoch: long before any sweep */
  readonly createdAt?: Date;
}

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
export const SECRET_ENVIRONMENT_VALUE = 'sk-live-do-not-log-4f9a1c';
export const modelArn = (name: string): string => `arn:aws:sagemaker:${REGION}:${ACCOUNT}:model/${name}`;

export function awsError(name: string, message: string, httpStatusCode = 400): Error {
  return new SageMakerServiceException({
    name,
    message,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode },
  });
}

export function fakeSageMaker(models: readonly FakeModel[], pageSize = 100): AwsClientStub<SageMakerClient> {
  const stub = mockClient(SageMakerClient);
  stub.on(ListModelsCommand).callsFake((input: ListModelsCommandInput) => {
    // Models are listed in the order given, taken as their creation order; CreationTimeAfter includes its time.
    const after = input.CreationTimeAfter?.getTime() ?? -Infinity;
    const listed = models.filter((model) => (model.createdAt?.getTime() ?? 0) >= after);
    const { items, next } = page(listed, input.NextToken, Math.min(pageSize, input.MaxResults ?? pageSize));
    return {
      Models: items.map((model) => ({
        ModelName: model.name,
        ModelArn: modelArn(model.name),
        CreationTime: model.createdAt ?? new Date(0),
      })),
      NextToken: next,
    };
  });
  stub.on(DescribeModelCommand).callsFake((input: { ModelName: string }) => {
    const model = models.find((candidate) => candidate.name === input.ModelName);
    if (!model || model.vanished)
      throw awsError('ValidationException', `Could not find model "${modelArn(input.ModelName)}".`);
    if (model.describeError) throw model.describeError;
    return {
      ModelName: model.name,
      ModelArn: modelArn(model.name),
      ExecutionRoleArn: `arn:aws:iam::${ACCOUNT}:role/sagemaker`,
      PrimaryContainer: { Image: 'image', Environment: { API_KEY: SECRET_ENVIRONMENT_VALUE } },
      EnableNetworkIsolation: model.enableNetworkIsolation ?? false,
      ...(model.vpcConfig && { VpcConfig: model.vpcConfig }),
      CreationTime: new Date(0),
    };
  });
  stub.on(ListTagsCommand).callsFake((input: { ResourceArn: string; NextToken?: string }) => {
    const model = models.find((candidate) => modelArn(candidate.name) === input.ResourceArn);
    const tags = Object.entries(model?.tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
    const { items, next } = page(tags, input.NextToken, 1);
    return { Tags: items, NextToken: next };
  });
  return stub;
}

type InventoryEntry = readonly [name: string | undefined, id: string];

export interface FakeConfigOptions {
  /** Config's inventory: [resourceName, resourceId]; a name may repeat or be missing. */
  readonly recorded?: ReadonlyArray<InventoryEntry>;
  /** Resources Config recorded and saw deleted: listed only with includeDeletedResources. */
  readonly deleted?: ReadonlyArray<InventoryEntry>;
  /** resourceIds the rule already holds COMPLIANT / NON_COMPLIANT results for. */
  readonly judgedIds?: readonly string[];
  /** When Config recorded those results. @default the epoch: long before any sweep */
  readonly judgedAt?: Date;
  /** Further results the rule holds, each field as GetComplianceDetailsByConfigRule gives it. */
  readonly held?: readonly FakeHeldResult[];
  readonly pageSize?: number;
  /** The configuration items BatchGetResourceConfig answers with, by resourceId; any other key gets none. */
  readonly items?: Readonly<Record<string, FakeRecordedItem>>;
}

/** An item as BatchGetResourceConfig returns it, and the tags the advanced query gives for it. */
export interface FakeRecordedItem {
  readonly item: BaseConfigurationItem;
  readonly tags?: Record<string, string>;
}

/** A live item of a model, captured long after the fake models' creation at the epoch. */
export function recordedModelItem(
  resourceId: string,
  name: string,
  configuration: object,
  fields: Partial<BaseConfigurationItem> = {},
): BaseConfigurationItem {
  return {
    resourceType: 'AWS::SageMaker::Model',
    resourceId,
    resourceName: name,
    configurationItemStatus: 'OK',
    configurationItemCaptureTime: new Date('2026-11-01T00:00:00Z'),
    configuration: JSON.stringify({ ModelName: name, ...configuration }),
    ...fields,
  };
}

export interface FakeHeldResult {
  readonly resourceId: string;
  readonly compliance?: string;
  readonly annotation?: string;
  readonly recordedAt?: Date;
}

export interface FakeConfig {
  readonly stub: AwsClientStub<ConfigServiceClient>;
  /** Every evaluation sent, in order. */
  readonly evaluations: () => Evaluation[];
  readonly evaluationFor: (resourceId: string) => Evaluation | undefined;
}

export function fakeConfig(options: FakeConfigOptions = {}): FakeConfig {
  const pageSize = options.pageSize ?? 100;
  const stub = mockClient(ConfigServiceClient);
  const recorded = options.recorded ?? [];
  stub.on(ListDiscoveredResourcesCommand).callsFake((input: ListDiscoveredResourcesCommandInput) => {
    const known = input.includeDeletedResources ? [...recorded, ...(options.deleted ?? [])] : recorded;
    const wanted = known.filter(([, id]) => !input.resourceIds || input.resourceIds.includes(id));
    const { items, next } = page(wanted, input.nextToken, Math.min(pageSize, input.limit || pageSize));
    return {
      resourceIdentifiers: items.map(([resourceName, resourceId]) => ({
        resourceType: 'AWS::SageMaker::Model',
        ...(resourceName !== undefined && { resourceName }),
        resourceId,
      })),
      nextToken: next,
    };
  });
  const held: FakeHeldResult[] = [
    ...(options.judgedIds ?? []).map((resourceId) => ({
      resourceId,
      compliance: 'COMPLIANT',
      recordedAt: options.judgedAt ?? new Date(0),
    })),
    ...(options.held ?? []),
  ];
  stub
    .on(GetComplianceDetailsByConfigRuleCommand)
    .callsFake((input: { NextToken?: string; Limit?: number; ComplianceTypes?: string[] }) => {
      // Like Config, only the compliance types asked for.
      const wanted = held.filter(
        (result) => !input.ComplianceTypes || input.ComplianceTypes.includes(result.compliance ?? ''),
      );
      const { items, next } = page(wanted, input.NextToken, Math.min(pageSize, input.Limit ?? pageSize));
      return {
        EvaluationResults: items.map((result) => ({
          ...(result.compliance !== undefined && { ComplianceType: result.compliance }),
          ...(result.annotation !== undefined && { Annotation: result.annotation }),
          ...(result.recordedAt !== undefined && { ResultRecordedTime: result.recordedAt }),
          EvaluationResultIdentifier: {
            EvaluationResultQualifier: {
              ConfigRuleName: 'rule',
              ResourceType: 'AWS::SageMaker::Model',
              ResourceId: result.resourceId,
            },
          },
        })),
        NextToken: next,
      };
    });
  const items = options.items ?? {};
  stub.on(BatchGetResourceConfigCommand).callsFake((input: { resourceKeys: ResourceKey[] }) => ({
    baseConfigurationItems: input.resourceKeys.flatMap((key) => {
      const found = items[key.resourceId ?? ''];
      return found ? [found.item] : [];
    }),
    unprocessedResourceKeys: [],
  }));
  stub.on(SelectResourceConfigCommand).callsFake((input: { NextToken?: string; Limit?: number }) => {
    const rows = Object.values(items).map(({ item, tags }) =>
      JSON.stringify({
        resourceId: item.resourceId,
        tags: Object.entries(tags ?? {}).map(([key, value]) => ({ key, value, tag: `${key}=${value}` })),
      }),
    );
    const { items: results, next } = page(rows, input.NextToken, Math.min(pageSize, input.Limit ?? pageSize));
    return { Results: results, NextToken: next };
  });
  stub.on(PutEvaluationsCommand).resolves({ FailedEvaluations: [] });
  const evaluations = (): Evaluation[] =>
    stub.commandCalls(PutEvaluationsCommand).flatMap((call) => call.args[0].input.Evaluations ?? []);
  return {
    stub,
    evaluations,
    evaluationFor: (resourceId) =>
      evaluations().find((evaluation) => evaluation.ComplianceResourceId === resourceId),
  };
}

/**
 * Makes a stubbed call hang the way a real call to an endpoint that never answers does: until the
 * caller's `abortSignal` aborts, then with the SDK's AbortError (its reason as the cause).
 */
export function hangUntilAborted(stub: AwsClientStub<SageMakerClient> | AwsClientStub<ConfigServiceClient>) {
  return (): Promise<never> => {
    // The stub records the call before running the fake, and `callsFake` passes only the input.
    const args: readonly unknown[] = stub.send.lastCall.args;
    const options = args[1] as { abortSignal?: AbortSignal } | undefined;
    const signal = options?.abortSignal;
    return new Promise((_, reject) => {
      const abort = () =>
        reject(Object.assign(new Error('Request aborted'), { name: 'AbortError', cause: signal?.reason }));
      if (signal?.aborted) abort();
      signal?.addEventListener('abort', abort, { once: true });
    });
  };
}

/** A Lambda context with this much time left, as the handler reads it. */
export const remainingTime = (ms: number) => ({ getRemainingTimeInMillis: () => ms });

/**
 * Everything the handler writes to stdout and stderr while `run` runs, and how `run` ended. The logger,
 * silent in unit tests, logs at debug level meanwhile: a line added later that dumps a model must show
 * up in the leak checks. The rule function's logger unless another front end's is given.
 */
export async function captureOutput<T>(
  run: () => Promise<T>,
  logger: Logger = ruleLogger,
): Promise<{ output: string; result?: T; error?: unknown }> {
  const output = new ProcessOutput();
  const level = logger.getLevelName();
  logger.setLogLevel('DEBUG');
  try {
    const result = await output.during(run);
    return { output: output.text, result };
  } catch (error) {
    return { output: output.text, error };
  } finally {
    logger.setLogLevel(level);
  }
}
