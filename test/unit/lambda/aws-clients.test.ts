import { ListModelsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import {
  awsClientOptions,
  HTTP_TIMEOUTS,
  MAX_ATTEMPTS,
  MAX_TIMEOUT_ATTEMPTS,
} from '../../../aws/client-options';
import { sweepModels } from '../../../aws/sagemaker-models';

type Answer = { status: number; body: object | string; contentType?: string } | { timeout: true };

/** Answers like the SageMaker JSON API: a scripted list of responses per operation, then the last one forever. */
function scriptedHandler(script: Record<string, Answer[]>) {
  const calls: string[] = [];
  return {
    calls,
    handler: {
      handle: async (request: { headers: Record<string, string> }) => {
        const operation = String(request.headers['x-amz-target']).split('.').pop()!;
        calls.push(operation);
        const answers = script[operation]!;
        const answer = answers.length > 1 ? answers.shift()! : answers[0]!;
        // What NodeHttpHandler throws when an attempt exceeds HTTP_TIMEOUTS.
        if ('timeout' in answer)
          throw Object.assign(new Error('request timed out'), { name: 'TimeoutError' });
        const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
        return {
          response: {
            statusCode: answer.status,
            headers: { 'content-type': answer.contentType ?? 'application/x-amz-json-1.1' },
            body: Readable.from([Buffer.from(body)]),
          },
        };
      },
    },
  };
}

const throttled = { status: 400, body: { __type: 'ThrottlingException', message: 'Rate exceeded' } };
const denied = { status: 400, body: { __type: 'AccessDeniedException', message: 'not authorized' } };
const inVpc = (name: string) => ({
  status: 200,
  body: {
    ModelName: name,
    ModelArn: `arn:aws:sagemaker:eu-west-1:123456789012:model/${name}`,
    VpcConfig: { Subnets: ['subnet-1a2b3c4d'], SecurityGroupIds: ['sg-1a2b3c4d'] },
  },
});

function client(
  handler: ReturnType<typeof scriptedHandler>['handler'],
  overrides: { maxAttempts?: number; retryStrategy?: undefined } = {},
): SageMakerClient {
  return new SageMakerClient({
    ...awsClientOptions(),
    ...overrides,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requestHandler: handler,
  });
}

describe('the SDK clients as configured for the rule', () => {
  it('ride out throttling on ListModels and DescribeModel without losing a model', async () => {
    const scripted = scriptedHandler({
      ListModels: [
        throttled,
        throttled,
        { status: 200, body: { Models: [{ ModelName: 'a', ModelArn: 'arn:a' }] } },
      ],
      DescribeModel: [throttled, inVpc('a')],
    });
    const judged: string[] = [];
    const result = await sweepModels(
      client(scripted.handler),
      { withTags: false, concurrency: 4 },
      (model) => {
        judged.push(model.name);
      },
    );
    expect(result.failures).toEqual([]);
    expect(judged).toEqual(['a']);
    expect(scripted.calls).toEqual([
      'ListModels',
      'ListModels',
      'ListModels',
      'DescribeModel',
      'DescribeModel',
    ]);
  }, 30_000);

  it('do not retry an access-denied error: the model is a failure at once', async () => {
    const scripted = scriptedHandler({
      ListModels: [{ status: 200, body: { Models: [{ ModelName: 'a', ModelArn: 'arn:a' }] } }],
      DescribeModel: [denied],
    });
    const result = await sweepModels(
      client(scripted.handler),
      { withTags: false, concurrency: 1 },
      () => undefined,
    );
    expect(result.failures).toEqual([
      { name: 'a', error: 'DescribeModel failed: HTTP 400 AccessDeniedException: not authorized' },
    ]);
    expect(scripted.calls).toEqual(['ListModels', 'DescribeModel']);
  });

  it('allow enough attempts for a burst', () => {
    expect(awsClientOptions()).toMatchObject({ retryMode: 'standard', maxAttempts: 10 });
  });

  it('try a call that times out three times, not ten', async () => {
    const scripted = scriptedHandler({ ListModels: [{ timeout: true }] });
    await expect(client(scripted.handler).send(new ListModelsCommand({}))).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    expect(scripted.calls).toHaveLength(MAX_TIMEOUT_ATTEMPTS);
    expect(MAX_TIMEOUT_ATTEMPTS).toBeLessThan(MAX_ATTEMPTS);
  }, 30_000);

  it('name the operation and HTTP status of an answer that is not an AWS error, never its body', async () => {
    const scripted = scriptedHandler({
      ListModels: [
        {
          status: 500,
          contentType: 'text/html',
          body: '<html><body>proxy error, token=body-secret-7c1e</body></html>',
        },
      ],
    });
    // One attempt: the retries of a 500 would only make the test slow.
    const result = await sweepModels(
      client(scripted.handler, { maxAttempts: 1, retryStrategy: undefined }),
      { withTags: false, concurrency: 1 },
      () => undefined,
    );
    expect(result.listingError).toBe('ListModels failed: HTTP 500 (no error code)');
  }, 30_000);
});

describe('the HTTP timeouts of every client', () => {
  let server: Server;
  let endpoint: string;
  let requests = 0;

  beforeAll(async () => {
    // Accepts every request and never answers, like an endpoint that hangs.
    server = createServer(() => {
      requests += 1;
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("are set on the SDK's own HTTP handler, as errors rather than warnings", () => {
    expect(awsClientOptions().requestHandler).toEqual({
      connectionTimeout: 5_000,
      requestTimeout: 10_000,
      throwOnRequestTimeout: true,
      socketTimeout: 10_000,
    });
  });

  it('end a call to a hung endpoint with a TimeoutError after three attempts', async () => {
    const options = awsClientOptions();
    const hung = new SageMakerClient({
      ...options,
      // The shipped timeouts, scaled down so that the test takes a second.
      requestHandler: { ...HTTP_TIMEOUTS, requestTimeout: 200, socketTimeout: 200 },
      endpoint,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    try {
      await expect(hung.send(new ListModelsCommand({}))).rejects.toMatchObject({ name: 'TimeoutError' });
      expect(requests).toBe(MAX_TIMEOUT_ATTEMPTS);
    } finally {
      hung.destroy();
    }
  }, 30_000);
});
