import type { HttpHandler, HttpRequest, HttpResponse } from '@smithy/core/protocols';
import type { HttpHandlerOptions } from '@smithy/types';
import { finished, Readable } from 'node:stream';

/**
 * An attempt that had no complete answer within its limit. It carries the name of the SDK's own
 * timeouts, so that the retry strategy retries it as one (and bounds how often, MAX_TIMEOUT_ATTEMPTS).
 */
class AttemptTimeoutError extends Error {
  constructor(readonly limitMs: number) {
    super(
      `did not complete within ${limitMs / 1000} s (the limit of each attempt, the answer's body included)`,
    );
    this.name = 'TimeoutError';
  }
}

/** The error the SDK's own HTTP handler gives an abort, carrying the abort's reason as its cause. */
function abortErrorFor(reason: unknown): Error {
  const error =
    reason instanceof Error
      ? new Error('Request aborted', { cause: reason })
      : new Error(typeof reason === 'string' ? reason : 'Request aborted');
  error.name = 'AbortError';
  return error;
}

function standardSignal(signal: HttpHandlerOptions['abortSignal']): AbortSignal | undefined {
  if (signal === undefined || signal instanceof AbortSignal) return signal;
  throw new TypeError('AWS calls take a standard AbortSignal, not the deprecated SDK one');
}

/**
 * Wraps the SDK's HTTP handler so that every attempt ends within `limitMs`, the answer's body included.
 * NodeHttpHandler's own limits cannot do this: `requestTimeout` is cleared once the response headers
 * arrive, and `socketTimeout` only measures the time between two bytes, so an answer whose body drips
 * a byte every few seconds never ends. Neither the SDK nor @smithy offers a limit on the whole
 * attempt. The caller's abort signal keeps working; an abort while the body streams is named by its
 * reason (the SDK would otherwise report a socket error on an HTTP 200 answer).
 */
export class AttemptTimeLimitedHandler<Config extends object> implements HttpHandler<Config> {
  constructor(
    private readonly inner: HttpHandler<Config>,
    readonly limitMs: number,
  ) {}

  get metadata(): HttpHandler<Config>['metadata'] {
    return this.inner.metadata;
  }

  async handle(request: HttpRequest, options: HttpHandlerOptions = {}): Promise<{ response: HttpResponse }> {
    const caller = standardSignal(options.abortSignal);
    if (caller?.aborted) throw abortErrorFor(caller.reason);
    const attempt = new AbortController();
    let body: Readable | undefined;
    let stopped: Error | undefined;
    // The body is destroyed first, so that its reader sees this error rather than the socket error
    // the abort then causes; the inner handler gets the bare reason, as it would without this wrapper.
    const stop = (reason: unknown, error: Error) => {
      stopped ??= error;
      body?.destroy(error);
      attempt.abort(reason);
    };
    const onCallerAbort = () => stop(caller?.reason, abortErrorFor(caller?.reason));
    const timer = setTimeout(() => {
      const timeout = new AttemptTimeoutError(this.limitMs);
      stop(timeout, timeout);
    }, this.limitMs);
    // A timer of an attempt whose answer nobody reads must not keep the CLI alive on its own.
    timer.unref();
    const settle = () => {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onCallerAbort);
    };
    caller?.addEventListener('abort', onCallerAbort, { once: true });
    try {
      const { response } = await this.inner.handle(request, { ...options, abortSignal: attempt.signal });
      if (!(response.body instanceof Readable)) {
        settle();
      } else if (!stopped) {
        body = response.body;
        finished(body, settle);
      } else {
        // Stopped while the headers were being handed over: the body is never read.
        response.body.destroy(stopped);
      }
      if (stopped) throw stopped;
      return { response };
    } catch (error) {
      settle();
      throw stopped ?? error;
    }
  }

  updateHttpClientConfig(key: keyof Config, value: Config[typeof key]): void {
    this.inner.updateHttpClientConfig(key, value);
  }

  httpHandlerConfigs(): Config {
    return this.inner.httpHandlerConfigs();
  }

  destroy(): void {
    this.inner.destroy?.();
  }
}
