import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fchmodSync,
  fsyncSync,
  openSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { CreateModelInput } from '@aws-sdk/client-sagemaker';

export interface PlanFiles {
  readonly replacement: string;
  readonly backout: string;
}

/** A new file only: never an existing one, never through a symbolic link. */
const CREATE_PRIVATE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
const OWNER_ONLY = 0o600;

/** `plan.json` gives `plan.backout.json`. */
function backoutPathFor(out: string): string {
  return `${out.replace(/\.json$/i, '')}.backout.json`;
}

/**
 * Writes the unredacted inputs, readable by the owner only from their first byte. Each goes to a new
 * temporary file beside its target, renamed over the target only once both are complete: an existing
 * file never shows the secrets under its old mode, a symbolic link at the target is replaced rather
 * than followed, and a failure leaves no half-written plan.
 */
export function writePlanFiles(
  out: string,
  replacement: CreateModelInput,
  backout: CreateModelInput,
): PlanFiles {
  const files = { replacement: out, backout: backoutPathFor(out) };
  const staged: { readonly temporary: string; readonly target: string }[] = [];
  try {
    for (const [target, input] of [
      [files.replacement, replacement],
      [files.backout, backout],
    ] as const) {
      staged.push({ temporary: writePrivateTemporary(target, input), target });
    }
  } catch (error) {
    staged.forEach(({ temporary }) => rmSync(temporary, { force: true }));
    throw error;
  }
  const renamed: string[] = [];
  try {
    for (const { temporary, target } of staged) {
      renameSync(temporary, target);
      renamed.push(target);
    }
  } catch (error) {
    staged.forEach(({ temporary }) => rmSync(temporary, { force: true }));
    const written = renamed.length > 0 ? `wrote ${renamed.join(', ')} but ` : '';
    throw new Error(`${written}could not write the plan files: ${(error as Error).message}`);
  }
  return files;
}

function writePrivateTemporary(target: string, value: unknown): string {
  const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temporary, CREATE_PRIVATE, OWNER_ONLY);
  try {
    // The umask may have narrowed the mode further; the owner must still be able to read it.
    fchmodSync(fd, OWNER_ONLY);
    writeSync(fd, `${JSON.stringify(value, null, 2)}\n`);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
  closeSync(fd);
  return temporary;
}
