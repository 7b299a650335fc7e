import { ListModelsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { HttpRequest } from '@smithy/core/protocols';
import { AttemptTimeLimitedHandler } from '../../../aws/attempt-time-limit';
import {
  ATTEMPT_TIME_LIMIT_MS,
  awsClientOptions,
  HTTP_TIMEOUTS,
  MAX_ATTEMPTS,
  MAX_TIMEOUT_ATTEMPTS,
} from '../../../aws/client-options';
import { sweepModels } from '../../../aws/sagemaker-models';
import { drippingBody } from '../../support/dripping-body';

type Answer =
  { status: number; body: object | string; contentType?: string } | { timeout: true } | { drip: true };

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
        if ('drip' in answer) {
          const headers = { 'content-type': 'application/x-amz-json-1.1' };
          return { response: { statusCode: 200, headers, body: drippingBody() } };
        }
        const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
        return {
          response: {
            statusCode: answer.status,
            headers: { 'content-type': answer.contentType ?? 'application/x-amz-json-1.1' },
            body: Readable.from([Buffer.from(body)]),
          },
        };
      },
      updateHttpClientConfig: () => undefined,
      httpHandlerConfigs: () => ({}),
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
  handler: ReturnType<typeof scriptedHandler>['handler'] | AttemptTimeLimitedHandler<object>,
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
    expect(awsClientOptions()).toMatchObject({ maxAttempts: 10 });
  });

  it('count timeouts apart from throttling: a call throttled twice still gets its timeout retries', async () => {
    const scripted = scriptedHandler({
      ListModels: [throttled, throttled, { timeout: true }, { status: 200, body: { Models: [] } }],
    });
    await expect(client(scripted.handler).send(new ListModelsCommand({}))).resolves.toMatchObject({
      Models: [],
    });
    expect(scripted.calls).toHaveLength(4);
  }, 30_000);

  it('try a call that times out three times, not ten', async () => {
    const scripted = scriptedHandler({ ListModels: [{ timeout: true }] });
    await expect(client(scripted.handler).send(new ListModelsCommand({}))).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    expect(scripted.calls).toHaveLength(MAX_TIMEOUT_ATTEMPTS);
    expect(MAX_TIMEOUT_ATTEMPTS).toBeLessThan(MAX_ATTEMPTS);
  }, 30_000);

  it('try a call whose answer drips three times, then fail naming the operation and the limit', async () => {
    const scripted = scriptedHandler({ ListModels: [{ drip: true }] });
    const limited = new AttemptTimeLimitedHandler(scripted.handler, 100);
    const result = await sweepModels(client(limited), { withTags: false, concurrency: 1 }, () => undefined);
    expect(scripted.calls).toHaveLength(MAX_TIMEOUT_ATTEMPTS);
    expect(result.listingError).toBe(
      "ListModels failed: TimeoutError: did not complete within 0.1 s (the limit of each attempt, the answer's body included)",
    );
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

  it("are set on the SDK's own HTTP handler, as errors rather than warnings, within a limit per attempt", async () => {
    const handler = awsClientOptions().requestHandler;
    expect(handler).toBeInstanceOf(AttemptTimeLimitedHandler);
    expect(handler.limitMs).toBe(ATTEMPT_TIME_LIMIT_MS);
    // NodeHttpHandler settles its configuration on first use; a request aborted meanwhile sends nothing.
    const caller = new AbortController();
    const attempt = handler.handle(new HttpRequest({ hostname: '127.0.0.1' }), {
      abortSignal: caller.signal,
    });
    caller.abort();
    await expect(attempt).rejects.toMatchObject({ name: 'AbortError' });
    expect(handler.httpHandlerConfigs()).toMatchObject({
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
