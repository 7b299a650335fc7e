import { closeSync, fchmodSync, openSync, writeSync } from 'node:fs';
import type { CreateModelInput } from '@aws-sdk/client-sagemaker';

export interface PlanFiles {
  readonly replacement: string;
  readonly backout: string;
}

/** `plan.json` gives `plan.backout.json`. */
function backoutPathFor(out: string): string {
  return `${out.replace(/\.json$/i, '')}.backout.json`;
}

/** Writes the unredacted inputs, readable by the owner only, before a byte of them is written. */
export function writePlanFiles(
  out: string,
  replacement: CreateModelInput,
  backout: CreateModelInput,
): PlanFiles {
  const files = { replacement: out, backout: backoutPathFor(out) };
  writePrivateJson(files.replacement, replacement);
  writePrivateJson(files.backout, backout);
  return files;
}

function writePrivateJson(path: string, value: unknown): void {
  const fd = openSync(path, 'w', 0o600);
  try {
    // An existing file keeps its mode on open: tighten it before writing.
    fchmodSync(fd, 0o600);
    writeSync(fd, `${JSON.stringify(value, null, 2)}\n`);
  } finally {
    closeSync(fd);
  }
}
