/**
 * Bad command-line input, or a problem with what it names (a file that cannot be written): the
 * user's to act on, reported as its message alone in one line on stderr, exit code 2.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
