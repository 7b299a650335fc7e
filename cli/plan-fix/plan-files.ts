import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fchmodSync,
  fsyncSync,
  linkSync,
  lstatSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';
import type { CreateModelInput } from '@aws-sdk/client-sagemaker';
import { describeFsError, describeKind } from '../file-system';
import { UsageError } from '../errors';

export interface PlanFiles {
  readonly replacement: string;
  readonly backout: string;
}

/** A new file only: never an existing one, never through a symbolic link. */
const CREATE_PRIVATE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
const OWNER_ONLY = 0o600;

/**
 * `plan.json` gives `plan.json` and `plan.backout.json`. A path that ends in a separator names a
 * directory, and would name the backout `dir/.backout.json`: it is refused.
 */
export function planFilesFor(out: string): PlanFiles {
  if (out.endsWith('/') || out.endsWith(sep))
    throw new UsageError(`--out ${out} names a directory; give the path of a file to create`);
  return { replacement: out, backout: `${out.replace(/\.json$/i, '')}.backout.json` };
}

/**
 * Checked before any AWS call, so a run is not wasted on a path that will be refused: the directory
 * must exist, a directory is never a target, without `force` neither file may exist (a symbolic
 * link, even a dangling one, counts), and with it only a file or a symbolic link is replaced, never a
 * device or a FIFO. The write checks again.
 */
export function checkPlanTargets(files: PlanFiles, force: boolean): void {
  // Both files are written beside each other (planFilesFor).
  checkParentDirectory(files.replacement);
  for (const target of [files.replacement, files.backout]) {
    let existing;
    try {
      existing = lstatSync(target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new UsageError(`cannot write ${target}: ${describeFsError(error)}`);
    }
    if (existing.isDirectory())
      throw new UsageError(`${target} is a directory; give the path of a file to create`);
    if (!force) throw new UsageError(`${target} already exists; pass --force to replace it`);
    if (!existing.isFile() && !existing.isSymbolicLink()) {
      throw new UsageError(
        `${target} is ${describeKind(existing)}; --force replaces only a file or a symbolic link`,
      );
    }
  }
}

/**
 * Writes the unredacted inputs, readable by the owner only from their first byte. Each goes to a new
 * temporary file beside its target; only once both are complete are they put in place, without ever
 * following what is at the target: hard-linked when the target must not exist (which fails, rather
 * than overwrites, if something appeared there since the check), renamed over it with `force`
 * (a symbolic link is replaced, not followed). Errors name the target, never the temporary file,
 * and are the user's to act on (a full disk, a directory removed since the check): one line, exit 2.
 */
export function writePlanFiles(
  files: PlanFiles,
  replacement: CreateModelInput,
  backout: CreateModelInput,
  force: boolean,
): void {
  const staged: { readonly temporary: string; readonly target: string }[] = [];
  const removeStaged = (): void => staged.forEach(({ temporary }) => rmSync(temporary, { force: true }));
  try {
    for (const [target, input] of [
      [files.replacement, replacement],
      [files.backout, backout],
    ] as const) {
      staged.push({ temporary: writePrivateTemporary(target, input), target });
    }
  } catch (error) {
    removeStaged();
    throw error;
  }
  const placed: string[] = [];
  try {
    for (const { temporary, target } of staged) {
      try {
        if (force) renameSync(temporary, target);
        else linkSync(temporary, target);
      } catch (error) {
        throw new UsageError(`cannot write ${target}: ${describeTargetError(error)}`);
      }
      placed.push(target);
    }
  } catch (error) {
    // Without force every placed file is new, ours, and can go; with force it replaced a file.
    if (!force) placed.forEach((target) => rmSync(target, { force: true }));
    const written = force && placed.length > 0 ? `wrote ${placed.join(', ')} but ` : '';
    throw new UsageError(`${written}${(error as Error).message}`);
  } finally {
    removeStaged();
  }
}

/** A target whose directory is missing would only fail after every API call, at the write. */
function checkParentDirectory(target: string): void {
  const directory = dirname(target);
  let isDirectory: boolean;
  try {
    isDirectory = statSync(directory).isDirectory();
  } catch (error) {
    throw new UsageError(`cannot write ${target}: ${directory}: ${describeFsError(error)}`);
  }
  if (!isDirectory) throw new UsageError(`cannot write ${target}: ${directory} is not a directory`);
}

function describeTargetError(error: unknown): string {
  return (error as NodeJS.ErrnoException).code === 'EEXIST'
    ? 'it already exists; pass --force to replace it'
    : describeFsError(error);
}

function writePrivateTemporary(target: string, value: unknown): string {
  const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number;
  try {
    fd = openSync(temporary, CREATE_PRIVATE, OWNER_ONLY);
  } catch (error) {
    throw new UsageError(`cannot write ${target}: ${describeFsError(error)}`);
  }
  try {
    // The umask may have narrowed the mode further; the owner must still be able to read it.
    fchmodSync(fd, OWNER_ONLY);
    writeSync(fd, `${JSON.stringify(value, null, 2)}\n`);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw new UsageError(`cannot write ${target}: ${describeFsError(error)}`);
  }
  closeSync(fd);
  return temporary;
}
