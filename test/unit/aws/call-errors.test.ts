import { describeError } from '../../../aws/call-errors';

/** An error met while reading a 200 answer, as the SDK's deserialiser leaves it. */
function cutShort(error: Error): Error {
  error.message +=
    '\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.';
  return Object.assign(error, { $metadata: { httpStatusCode: 200 } });
}

describe('describeError', () => {
  it('names an abort by its reason, not by the 200 status of the answer it cut short', () => {
    const reason = new Error("the invocation stopped starting AWS calls 4.2 s before Lambda's timeout");
    const aborted = Object.assign(new Error('Request aborted', { cause: reason }), { name: 'AbortError' });
    expect(describeError(cutShort(aborted), 'DescribeModel')).toBe(
      "DescribeModel failed: the invocation stopped starting AWS calls 4.2 s before Lambda's timeout",
    );
  });

  it('names an abort without an Error reason by its message, without the SDK hint', () => {
    const aborted = Object.assign(new Error('deadline'), { name: 'AbortError' });
    expect(describeError(cutShort(aborted), 'ListModels')).toBe('ListModels failed: AbortError: deadline');
  });

  it('names a timeout that cut a 200 answer short by its limit', () => {
    const timeout = Object.assign(new Error('did not complete within 15 s'), { name: 'TimeoutError' });
    expect(describeError(cutShort(timeout), 'ListModels')).toBe(
      'ListModels failed: TimeoutError: did not complete within 15 s',
    );
  });

  it('still names a 200 answer that could not be read by its status only, never its text', () => {
    const unreadable = new SyntaxError('Unexpected token < in JSON at position 0: <html>secret</html>');
    expect(describeError(cutShort(unreadable), 'ListModels')).toBe(
      'ListModels failed: HTTP 200 (no error code)',
    );
  });
});
