import { HttpRequest, type HttpHandler } from '@smithy/core/protocols';
import { getEventListeners } from 'node:events';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { AttemptTimeLimitedHandler } from '../../../aws/attempt-time-limit';
import { describeError } from '../../../aws/call-errors';
import { drippingBody } from '../../support/dripping-body';

/** Small, so that each test takes a fraction of a second; the shipped limit is ATTEMPT_TIME_LIMIT_MS. */
const LIMIT_MS = 100;

/**
 * Stands in for NodeHttpHandler: answers with `body` at once, or, with none, never answers and
 * rejects as NodeHttpHandler does when its abort signal fires.
 */
function innerHandler(body?: () => Readable) {
  const signals: AbortSignal[] = [];
  const inner: HttpHandler = {
    handle: (_request, options) => {
      const signal = options?.abortSignal as AbortSignal;
      signals.push(signal);
      if (body) {
        return Promise.resolve({ response: { statusCode: 200, headers: {}, body: body() } });
      }
      return new Promise((_resolve, reject) => {
        signal.addEventListener('abort', () =>
          reject(
            Object.assign(new Error('Request aborted', { cause: signal.reason }), { name: 'AbortError' }),
          ),
        );
      });
    },
    updateHttpClientConfig: () => undefined,
    httpHandlerConfigs: () => ({}),
  };
  return { inner, signals };
}

const request = new HttpRequest({ hostname: 'api.sagemaker.eu-west-1.amazonaws.com' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('AttemptTimeLimitedHandler', () => {
  it('ends an answer whose body drips with a TimeoutError naming the limit', async () => {
    const { inner } = innerHandler(drippingBody);
    const { response } = await new AttemptTimeLimitedHandler(inner, LIMIT_MS).handle(request);

    const error = await text(response.body as Readable).catch((e: unknown) => e);

    expect(error).toMatchObject({
      name: 'TimeoutError',
      message: "did not complete within 0.1 s (the limit of each attempt, the answer's body included)",
    });
    expect(describeError(error, 'DescribeModel')).toBe(
      "DescribeModel failed: TimeoutError: did not complete within 0.1 s (the limit of each attempt, the answer's body included)",
    );
  });

  it('ends an attempt whose headers never come with the same TimeoutError, not an abort', async () => {
    const { inner } = innerHandler();
    await expect(new AttemptTimeLimitedHandler(inner, LIMIT_MS).handle(request)).rejects.toMatchObject({
      name: 'TimeoutError',
      message: expect.stringContaining('did not complete within 0.1 s') as string,
    });
  });

  it("keeps the caller's abort working while the body streams, named by its reason", async () => {
    const { inner } = innerHandler(drippingBody);
    const caller = new AbortController();
    const { response } = await new AttemptTimeLimitedHandler(inner, 60_000).handle(request, {
      abortSignal: caller.signal,
    });
    setTimeout(() => caller.abort(new Error('the invocation stopped starting AWS calls')), 10);

    const error = await text(response.body as Readable).catch((e: unknown) => e);

    expect(error).toMatchObject({ name: 'AbortError' });
    // What the SDK's deserialiser adds to an error met while reading a 200 answer.
    Object.assign(error as Error, { $metadata: { httpStatusCode: 200 } });
    expect(describeError(error, 'GetResourceConfigHistory')).toBe(
      'GetResourceConfigHistory failed: the invocation stopped starting AWS calls',
    );
  });

  it("keeps the caller's abort working before the headers, and honours one already aborted", async () => {
    const { inner } = innerHandler();
    const caller = new AbortController();
    const handler = new AttemptTimeLimitedHandler(inner, 60_000);
    const pending = handler.handle(request, { abortSignal: caller.signal });
    caller.abort(new Error('deadline'));
    await expect(pending).rejects.toMatchObject({ name: 'AbortError', cause: new Error('deadline') });
    await expect(handler.handle(request, { abortSignal: caller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it("lets a complete answer be: the limit is cleared, and nothing is left on the caller's signal", async () => {
    const { inner, signals } = innerHandler(() => Readable.from(['{}']));
    const caller = new AbortController();
    const { response } = await new AttemptTimeLimitedHandler(inner, LIMIT_MS).handle(request, {
      abortSignal: caller.signal,
    });

    expect(await text(response.body as Readable)).toBe('{}');
    await sleep(LIMIT_MS * 2);

    expect(signals[0]?.aborted).toBe(false);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
  });
});
