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
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { CreateModelInput } from '@aws-sdk/client-sagemaker';
import { describeFsError, describeKind } from '../file-system';
import { UsageError } from '../usage-error';

export interface PlanFiles {
  readonly replacement: string;
  readonly backout: string;
}

/** A new file only: never an existing one, never through a symbolic link. */
const CREATE_PRIVATE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
const OWNER_ONLY = 0o600;

/** `plan.json` gives `plan.json` and `plan.backout.json`. */
export function planFilesFor(out: string): PlanFiles {
  return { replacement: out, backout: `${out.replace(/\.json$/i, '')}.backout.json` };
}

/**
 * Checked before any AWS call, so a run is not wasted on a path that will be refused: without
 * `force` neither file may exist (a symbolic link, even a dangling one, counts), and with it only a
 * file or a symbolic link is replaced, never a directory, a device or a FIFO. The write checks again.
 */
export function checkPlanTargets(files: PlanFiles, force: boolean): void {
  for (const target of [files.replacement, files.backout]) {
    let existing;
    try {
      existing = lstatSync(target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new UsageError(`cannot write ${target}: ${describeFsError(error)}`);
    }
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
 * (a symbolic link is replaced, not followed). Errors name the target, never the temporary file.
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
        throw new Error(`cannot write ${target}: ${describeTargetError(error)}`);
      }
      placed.push(target);
    }
  } catch (error) {
    // Without force every placed file is new, ours, and can go; with force it replaced a file.
    if (!force) placed.forEach((target) => rmSync(target, { force: true }));
    const written = force && placed.length > 0 ? `wrote ${placed.join(', ')} but ` : '';
    throw new Error(`${written}${(error as Error).message}`);
  } finally {
    removeStaged();
  }
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
    throw new Error(`cannot write ${target}: ${describeFsError(error)}`);
  }
  try {
    // The umask may have narrowed the mode further; the owner must still be able to read it.
    fchmodSync(fd, OWNER_ONLY);
    writeSync(fd, `${JSON.stringify(value, null, 2)}\n`);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw new Error(`cannot write ${target}: ${describeFsError(error)}`);
  }
  closeSync(fd);
  return temporary;
}
