import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { describeKind } from '../file-system';

/** A FIFO, a device, a socket or a directory where a template was expected. */
export class NotRegularFileError extends Error {
  constructor(kind: string) {
    super(`${kind}, not a regular file`);
    this.name = 'NotRegularFileError';
  }
}

/** A file larger than the caller will read; `bytes` is at least its size. */
export class FileTooLargeError extends Error {
  constructor(readonly bytes: number) {
    super(`larger than the limit (${bytes} bytes)`);
    this.name = 'FileTooLargeError';
  }
}

const CHUNK_BYTES = 64 * 1024;

/**
 * The UTF-8 text of a regular file of at most `maxBytes`. It is opened without blocking (opening a
 * FIFO that has no writer would otherwise wait forever) and checked on the open descriptor, so what
 * is read is what was checked: a FIFO, a device such as /dev/urandom, a socket or a directory is
 * refused before a byte is read, and a file that grows while it is read stops at the limit.
 */
export async function readRegularFile(path: string, maxBytes: number): Promise<string> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new NotRegularFileError(describeKind(stats));
    if (stats.size > maxBytes) throw new FileTooLargeError(stats.size);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const { bytesRead, buffer } = await handle.read(Buffer.alloc(CHUNK_BYTES), 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) throw new FileTooLargeError(total);
      chunks.push(buffer.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    await handle.close();
  }
}
