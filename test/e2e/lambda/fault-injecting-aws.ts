import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const ACCOUNT = '123456789012';
export const modelArn = (name: string): string => `arn:aws:sagemaker:eu-west-1:${ACCOUNT}:model/${name}`;

type Body = Record<string, unknown>;
/**
 * An answer: a JSON body with its status, raw text (not an AWS error), none at all (the call hangs), or
 * a 200 answer whose body drips and never ends ('drip').
 */
export type Answer =
  | { readonly status: number; readonly json: Body }
  | { readonly status: number; readonly text: string }
  | 'hang'
  | 'drip';

/**
 * A fault for one operation: given the request's input, an answer, or undefined to answer normally.
 * Faults are set per test and cleared by `reset`.
 */
export type Fault = (input: Body) => Answer | undefined;

export interface FaultInjectingAws {
  readonly endpoint: string;
  /** The SageMaker models in the account, all in a VPC; and what Config holds. */
  readonly state: {
    models: string[];
    /** Config's inventory: [resourceName, resourceId], live resources. */
    inventory: Array<[string, string]>;
    /** Deleted resources Config recorded: [resourceName, resourceId]. */
    deleted: Array<[string, string]>;
    /** resourceIds the rule holds a COMPLIANT result for, recorded long ago. */
    held: string[];
  };
  readonly faults: Partial<Record<string, Fault>>;
  /** Every request, as `Operation`, in order. */
  readonly calls: string[];
  /** Every evaluation PutEvaluations received (and did not fail). */
  readonly evaluations: Array<{ ComplianceResourceId: string; ComplianceType: string; Annotation?: string }>;
  reset(): void;
  close(): Promise<void>;
}

const PAGE = 100;
/** A dripping body sends a byte this often: well inside the SDK's socketTimeout, so the socket never idles. */
const DRIP_INTERVAL_MS = 2_000;
const IN_VPC = { Subnets: ['subnet-1a2b3c4d'], SecurityGroupIds: ['sg-0123456789abcdef0'] };

/**
 * The SageMaker and AWS Config JSON APIs the rule calls, on a loopback port, answering correctly
 * unless a fault says otherwise: hanging (the request is held until the client gives up), dripping (the
 * headers and then a byte every DRIP_INTERVAL_MS, until the client gives up), answering about another
 * resource, repeating a page token, failing with a body that is not an AWS error.
 */
export async function startFaultInjectingAws(): Promise<FaultInjectingAws> {
  const state: FaultInjectingAws['state'] = { models: [], inventory: [], deleted: [], held: [] };
  const faults: FaultInjectingAws['faults'] = {};
  const calls: string[] = [];
  const evaluations: FaultInjectingAws['evaluations'] = [];
  const held = new Set<ServerResponse>();

  const normalAnswer = (operation: string, input: Body): Answer => {
    switch (operation) {
      case 'ListModels': {
        const start = Number(input.NextToken ?? 0);
        const end = Math.min(start + PAGE, state.models.length);
        const Models = state.models
          .slice(start, end)
          .map((name) => ({ ModelName: name, ModelArn: modelArn(name), CreationTime: 0 }));
        return {
          status: 200,
          json: { Models, ...(end < state.models.length && { NextToken: String(end) }) },
        };
      }
      case 'DescribeModel': {
        const name = String(input.ModelName);
        if (!state.models.includes(name)) {
          return {
            status: 400,
            json: { __type: 'ValidationException', message: `Could not find model "${modelArn(name)}".` },
          };
        }
        return {
          status: 200,
          json: {
            ModelName: name,
            ModelArn: modelArn(name),
            VpcConfig: IN_VPC,
            PrimaryContainer: { Image: 'image', Environment: { TOKEN: 'fault-e2e-secret' } },
            CreationTime: 0,
          },
        };
      }
      case 'ListDiscoveredResources': {
        const ids = input.resourceIds as string[] | undefined;
        const known = input.includeDeletedResources
          ? [...state.inventory, ...state.deleted]
          : state.inventory;
        const resourceIdentifiers = known
          .filter(([, id]) => !ids || ids.includes(id))
          .map(([resourceName, resourceId]) => ({
            resourceType: 'AWS::SageMaker::Model',
            resourceName,
            resourceId,
          }));
        return { status: 200, json: { resourceIdentifiers } };
      }
      case 'GetComplianceDetailsByConfigRule':
        return {
          status: 200,
          json: {
            EvaluationResults: state.held.map((ResourceId) => ({
              ComplianceType: 'COMPLIANT',
              ResultRecordedTime: 0,
              EvaluationResultIdentifier: {
                EvaluationResultQualifier: { ResourceType: 'AWS::SageMaker::Model', ResourceId },
              },
            })),
          },
        };
      case 'PutEvaluations':
        return { status: 200, json: { FailedEvaluations: [] } };
      default:
        return { status: 400, json: { __type: 'UnknownOperationException', message: operation } };
    }
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const operation =
        String(request.headers['x-amz-target'] ?? '')
          .split('.')
          .pop() ?? '';
      const input = (chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString()) : {}) as Body;
      calls.push(operation);
      const answer = faults[operation]?.(input) ?? normalAnswer(operation, input);
      if (answer === 'hang') {
        held.add(response);
        response.on('close', () => held.delete(response));
        return;
      }
      if (answer === 'drip') {
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        // Whitespace after the opening brace: valid JSON so far, and never complete.
        response.write('{');
        const drip = setInterval(() => response.write(' '), DRIP_INTERVAL_MS);
        response.on('close', () => clearInterval(drip));
        return;
      }
      if (operation === 'PutEvaluations' && answer.status === 200 && 'json' in answer) {
        const failed = (answer.json.FailedEvaluations as unknown[] | undefined)?.length ?? 0;
        if (failed === 0) evaluations.push(...(input.Evaluations as FaultInjectingAws['evaluations']));
      }
      const isJson = 'json' in answer;
      response.writeHead(answer.status, {
        'content-type': isJson ? 'application/x-amz-json-1.1' : 'text/html',
      });
      response.end(isJson ? JSON.stringify(answer.json) : answer.text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    state,
    faults,
    calls,
    evaluations,
    reset() {
      Object.assign(state, { models: [], inventory: [], deleted: [], held: [] });
      for (const operation of Object.keys(faults)) delete faults[operation];
      calls.length = 0;
      evaluations.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
