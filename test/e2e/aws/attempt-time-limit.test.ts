import { ListModelsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AttemptTimeLimitedHandler } from '../../../aws/attempt-time-limit';
import { describeError } from '../../../aws/call-errors';
import { awsClientOptions, HTTP_TIMEOUTS, MAX_TIMEOUT_ATTEMPTS } from '../../../aws/client-options';

/**
 * The limit on each attempt with the SDK's real HTTP stack, against a loopback server whose 200 answers
 * send a byte every 200 ms and never end: NodeHttpHandler's requestTimeout is cleared by the headers and
 * its socketTimeout never fires, so only the attempt's limit ends the call.
 */
const LIMIT_MS = 1_000;
let server: Server;
let endpoint: string;
let requests = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    requests += 1;
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      response.write('{');
      const drip = setInterval(() => response.write(' '), 200);
      response.on('close', () => clearInterval(drip));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  requests = 0;
});

/** The shipped client options, with the shipped HTTP timeouts and the limit scaled down. */
function clientWithLimit(): SageMakerClient {
  return new SageMakerClient({
    ...awsClientOptions(),
    requestHandler: new AttemptTimeLimitedHandler(new NodeHttpHandler(HTTP_TIMEOUTS), LIMIT_MS),
    endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
}

describe('a call whose answer drips', () => {
  it('ends after MAX_TIMEOUT_ATTEMPTS attempts, each cut at the limit, with an error naming it', async () => {
    const client = clientWithLimit();
    const started = Date.now();
    try {
      const error = await client.send(new ListModelsCommand({})).catch((e: unknown) => e);
      // Three attempts of 1 s and two short backoffs; generous for a busy machine.
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(requests).toBe(MAX_TIMEOUT_ATTEMPTS);
      expect(describeError(error, 'ListModels')).toBe(
        "ListModels failed: TimeoutError: did not complete within 1 s (the limit of each attempt, the answer's body included)",
      );
    } finally {
      client.destroy();
    }
  }, 60_000);

  it("ends when the caller's signal aborts mid-body, named by the abort's reason, not the 200 status", async () => {
    const client = clientWithLimit();
    try {
      const deadline = new AbortController();
      setTimeout(() => deadline.abort(new Error('the invocation stopped starting AWS calls')), 300);
      const error = await client
        .send(new ListModelsCommand({}), { abortSignal: deadline.signal })
        .catch((e: unknown) => e);
      expect(requests).toBe(1);
      expect(describeError(error, 'ListModels')).toBe(
        'ListModels failed: the invocation stopped starting AWS calls',
      );
    } finally {
      client.destroy();
    }
  }, 60_000);
});
