/**
 * Keeps what is written to stdout and stderr, where the handler's Powertools logger writes, while
 * `during` runs. Everything kept stays available for leak checks, failed runs included.
 */
export class ProcessOutput {
  private readonly chunks: string[] = [];

  get text(): string {
    return this.chunks.join('');
  }

  async during<T>(action: () => Promise<T>): Promise<T> {
    const keep = (chunk: string | Uint8Array): boolean => {
      this.chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    };
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(keep);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(keep);
    try {
      return await action();
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
  }
}
