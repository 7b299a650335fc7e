import { MODEL_RESOURCE_TYPE } from '../evaluator/model-facts';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SimulationOptions {
  readonly models: number;
  /** Every answer waits this long, like a real round trip. */
  readonly latencyMs: number;
  /** SageMaker calls allowed per second (token bucket); above it the API answers ThrottlingException. */
  readonly sageMakerCallsPerSecond: number;
  /**
   * Hold each SageMaker call until the rate allows it instead of throttling it: a client that keeps
   * exactly to the rate, so that times scale with the rate and not with the SDK's backoff.
   */
  readonly queueAtRate?: boolean;
  /** Results Config holds for models deleted long ago, which the sweep must prove gone and clear. */
  readonly heldResultsOfDeletedModels?: number;
  /** Config records every model: its inventory lists them and BatchGetResourceConfig answers for them. */
  readonly recordedInConfig?: boolean;
}

export interface SimulationCounters {
  readonly calls: Record<string, number>;
  throttled: number;
  evaluations: number;
  readonly judged: Set<string>;
  /** Held results marked NOT_APPLICABLE ("The model no longer exists"). */
  readonly cleared: Set<string>;
}

export interface SimulatedAws {
  readonly endpoint: string;
  readonly counters: SimulationCounters;
  close(): Promise<void>;
}

/** The item DynamoDB holds for the sweep's progress: one table, one item per rule. */
type DynamoItem = Record<string, Record<string, unknown>>;

const PAGE = 100;
const modelName = (index: number): string => `model-${String(index).padStart(6, '0')}`;
const deletedModelName = (index: number): string => `deleted-${String(index).padStart(5, '0')}`;
const discovered = (name: string) => ({
  resourceType: MODEL_RESOURCE_TYPE,
  resourceId: `id-${name}`,
  resourceName: name,
});

/**
 * A stand-in for the SageMaker and AWS Config JSON APIs, just enough for the rule's sweep, with fixed
 * latency and a rate limit. One endpoint serves both, as `AWS_ENDPOINT_URL` points every client at it.
 */
export async function startSimulatedAws(options: SimulationOptions): Promise<SimulatedAws> {
  const counters: SimulationCounters = {
    calls: {},
    throttled: 0,
    evaluations: 0,
    judged: new Set(),
    cleared: new Set(),
  };
  const deleted = options.heldResultsOfDeletedModels ?? 0;
  const progress = new Map<string, DynamoItem>();
  const inVpc = (name: string): boolean => Number(name.slice(-1)) % 3 !== 0;
  const exists = (name: string): boolean =>
    /^model-\d{6}$/.test(name) && Number(name.slice(6)) < options.models;
  const bucket = { tokens: options.sageMakerCallsPerSecond, updated: Date.now() };
  const takeToken = (): boolean => {
    const now = Date.now();
    bucket.tokens = Math.min(
      options.sageMakerCallsPerSecond,
      bucket.tokens + ((now - bucket.updated) / 1000) * options.sageMakerCallsPerSecond,
    );
    bucket.updated = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  };

  let nextFree = 0;
  /** How long a call waits for its turn, where calls queue at the rate. */
  const queueDelay = (operation: string): number => {
    if (!options.queueAtRate || !operation.startsWith('SageMaker.')) return 0;
    const now = Date.now();
    nextFree = Math.max(now, nextFree) + 1000 / options.sageMakerCallsPerSecond;
    return nextFree - now;
  };
  const answer = (operation: string, input: Record<string, unknown>): [number, object] => {
    const [service, action] = operation.split('.') as [string, string];
    if (service === 'SageMaker' && !options.queueAtRate && !takeToken()) {
      counters.throttled += 1;
      return [400, { __type: 'ThrottlingException', message: 'Rate exceeded' }];
    }
    counters.calls[action] = (counters.calls[action] ?? 0) + 1;
    switch (action) {
      case 'ListModels': {
        // Model i was created at second i: CreationTimeAfter (epoch seconds) includes its own second.
        const start = Math.max(Number(input.NextToken ?? 0), Math.ceil(Number(input.CreationTimeAfter ?? 0)));
        const end = Math.min(start + PAGE, options.models);
        const Models = Array.from({ length: end - start }, (_, offset) => {
          const name = modelName(start + offset);
          return {
            ModelName: name,
            ModelArn: `arn:aws:sagemaker:eu-west-1:123456789012:model/${name}`,
            // Created a second apart, in listing order, as SageMaker lists in creation order when asked.
            CreationTime: start + offset,
          };
        });
        return [200, { Models, ...(end < options.models && { NextToken: String(end) }) }];
      }
      case 'DescribeModel': {
        const name = String(input.ModelName);
        if (!exists(name)) {
          return [400, { __type: 'ValidationException', message: `Could not find model "${name}".` }];
        }
        return [
          200,
          {
            ModelName: name,
            ModelArn: `arn:aws:sagemaker:eu-west-1:123456789012:model/${name}`,
            ExecutionRoleArn: 'arn:aws:iam::123456789012:role/sagemaker',
            PrimaryContainer: { Image: 'image', Environment: { TOKEN: 'secret' } },
            ...(inVpc(name) && {
              VpcConfig: { Subnets: ['subnet-1a2b3c4d'], SecurityGroupIds: ['sg-1a2b3c4d'] },
            }),
            CreationTime: Number(name.slice(6)),
          },
        ];
      }
      case 'ListDiscoveredResources': {
        if (!options.recordedInConfig) return [200, { resourceIdentifiers: [] }];
        const asked = input.resourceIds as string[] | undefined;
        if (asked) {
          const known = asked.filter((id) => exists(id.slice(3)));
          return [200, { resourceIdentifiers: known.map((id) => discovered(id.slice(3))) }];
        }
        const start = Number(input.nextToken ?? 0);
        const end = Math.min(start + PAGE, options.models);
        const resourceIdentifiers = Array.from({ length: end - start }, (_, offset) =>
          discovered(modelName(start + offset)),
        );
        return [200, { resourceIdentifiers, ...(end < options.models && { nextToken: String(end) }) }];
      }
      case 'BatchGetResourceConfig': {
        const keys = (input.resourceKeys as Array<{ resourceId: string }>) ?? [];
        const baseConfigurationItems = keys
          .filter((key) => options.recordedInConfig && exists(key.resourceId.slice(3)))
          .map((key) => {
            const name = key.resourceId.slice(3);
            return {
              resourceType: MODEL_RESOURCE_TYPE,
              resourceId: key.resourceId,
              resourceName: name,
              configurationItemStatus: 'OK',
              configurationItemCaptureTime: Date.now() / 1000,
              configuration: JSON.stringify({
                ModelName: name,
                ...(inVpc(name) && {
                  VpcConfig: { Subnets: ['subnet-1a2b3c4d'], SecurityGroupIds: ['sg-1a2b3c4d'] },
                }),
              }),
            };
          });
        return [200, { baseConfigurationItems, unprocessedResourceKeys: [] }];
      }
      case 'GetItem': {
        const item = progress.get(JSON.stringify(input.Key));
        return [200, item ? { Item: item } : {}];
      }
      case 'PutItem': {
        const item = input.Item as DynamoItem;
        const key = JSON.stringify({ ruleName: item.ruleName });
        const held = progress.get(key);
        const expected = (input.ExpressionAttributeValues as DynamoItem | undefined)?.[':version'];
        const holds =
          input.ConditionExpression === 'attribute_not_exists(ruleName)'
            ? held === undefined
            : expected === undefined || held?.version?.N === expected.N;
        if (!holds) return [400, { __type: 'ConditionalCheckFailedException', message: 'condition failed' }];
        progress.set(key, item);
        return [200, {}];
      }
      case 'GetComplianceDetailsByConfigRule': {
        const start = Number(input.NextToken ?? 0);
        const end = Math.min(start + PAGE, deleted);
        const EvaluationResults = Array.from({ length: end - start }, (_, offset) => ({
          ComplianceType: 'NON_COMPLIANT',
          ResultRecordedTime: 0,
          EvaluationResultIdentifier: {
            EvaluationResultQualifier: {
              ResourceType: MODEL_RESOURCE_TYPE,
              ResourceId: deletedModelName(start + offset),
            },
          },
        }));
        return [200, { EvaluationResults, ...(end < deleted && { NextToken: String(end) }) }];
      }
      case 'PutEvaluations': {
        const evaluations =
          (input.Evaluations as Array<{ ComplianceResourceId: string; ComplianceType: string }>) ?? [];
        counters.evaluations += evaluations.length;
        for (const evaluation of evaluations) {
          const seen = evaluation.ComplianceType === 'NOT_APPLICABLE' ? counters.cleared : counters.judged;
          seen.add(evaluation.ComplianceResourceId);
        }
        return [200, { FailedEvaluations: [] }];
      }
      default:
        return [400, { __type: 'UnknownOperationException', message: operation }];
    }
  };

  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const operation = String(request.headers['x-amz-target'] ?? '');
      const input =
        chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>) : {};
      setTimeout(
        () => {
          const [status, body] = answer(operation, input);
          response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
          response.end(JSON.stringify(body));
        },
        options.latencyMs + queueDelay(operation),
      );
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    counters,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
