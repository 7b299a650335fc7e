import type { Stats } from 'node:fs';

/** A file system error in words, without the path (the caller names the path it means). */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  if (code === 'EEXIST') return 'it already exists';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'ENOTDIR') return 'a component of the path is not a directory';
  if (code === 'ENOSPC') return 'no space left on the device';
  return typeof code === 'string' ? code : (error as Error).message;
}

/** `a FIFO`, `a character device`, ...: what a path holds, in words. */
export function describeKind(
  stats: Pick<Stats, 'isFIFO' | 'isCharacterDevice' | 'isBlockDevice' | 'isSocket' | 'isDirectory'>,
): string {
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  if (stats.isDirectory()) return 'a directory';
  return 'a special file';
}
