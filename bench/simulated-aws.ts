import { MODEL_RESOURCE_TYPE } from '../evaluator/model-facts';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SimulationOptions {
  readonly models: number;
  /** Every answer waits this long, like a real round trip. */
  readonly latencyMs: number;
  /** SageMaker calls allowed per second (token bucket); above it the API answers ThrottlingException. */
  readonly sageMakerCallsPerSecond: number;
  /** Results Config holds for models deleted long ago, which the sweep must prove gone and clear. */
  readonly heldResultsOfDeletedModels?: number;
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

const PAGE = 100;
const modelName = (index: number): string => `model-${String(index).padStart(5, '0')}`;
const deletedModelName = (index: number): string => `deleted-${String(index).padStart(5, '0')}`;

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
  const exists = (name: string): boolean =>
    /^model-\d{5}$/.test(name) && Number(name.slice(6)) < options.models;
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

  const answer = (operation: string, input: Record<string, unknown>): [number, object] => {
    const [service, action] = operation.split('.') as [string, string];
    if (service === 'SageMaker' && !takeToken()) {
      counters.throttled += 1;
      return [400, { __type: 'ThrottlingException', message: 'Rate exceeded' }];
    }
    counters.calls[action] = (counters.calls[action] ?? 0) + 1;
    switch (action) {
      case 'ListModels': {
        const start = Number(input.NextToken ?? 0);
        const end = Math.min(start + PAGE, options.models);
        const Models = Array.from({ length: end - start }, (_, offset) => {
          const name = modelName(start + offset);
          return {
            ModelName: name,
            ModelArn: `arn:aws:sagemaker:eu-west-1:123456789012:model/${name}`,
            CreationTime: 0,
          };
        });
        return [200, { Models, ...(end < options.models && { NextToken: String(end) }) }];
      }
      case 'DescribeModel': {
        const name = String(input.ModelName);
        if (!exists(name)) {
          return [400, { __type: 'ValidationException', message: `Could not find model "${name}".` }];
        }
        const inVpc = Number(name.slice(-1)) % 3 !== 0;
        return [
          200,
          {
            ModelName: name,
            ModelArn: `arn:aws:sagemaker:eu-west-1:123456789012:model/${name}`,
            ExecutionRoleArn: 'arn:aws:iam::123456789012:role/sagemaker',
            PrimaryContainer: { Image: 'image', Environment: { TOKEN: 'secret' } },
            ...(inVpc && { VpcConfig: { Subnets: ['subnet-1a2b3c4d'], SecurityGroupIds: ['sg-1a2b3c4d'] } }),
            CreationTime: 0,
          },
        ];
      }
      case 'ListDiscoveredResources':
        return [200, { resourceIdentifiers: [] }];
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
      setTimeout(() => {
        const [status, body] = answer(operation, input);
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(body));
      }, options.latencyMs);
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
