import { Readable } from 'node:stream';

/**
 * A 200 answer's body, in-process, that sends a byte every few milliseconds and never ends: never idle
 * long enough for a socket timeout, so only a limit on the whole attempt ends it.
 */
export function drippingBody(): Readable {
  const drip = setInterval(() => body.push(' '), 5);
  const body = new Readable({
    read() {},
    destroy(error, callback) {
      clearInterval(drip);
      callback(error);
    },
  });
  body.push('{');
  return body;
}
