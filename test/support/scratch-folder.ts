import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface ScratchFolder {
  /** The running test's folder. */
  readonly path: string;
  /** Writes `text` at `relativePath` in the folder, creating its directories; returns the full path. */
  write(relativePath: string, text: string): string;
}

/** A new temporary folder for each test of the enclosing block, removed after the test. */
export function useScratchFolder(prefix: string): ScratchFolder {
  let path = '';
  beforeEach(() => {
    path = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(() => rmSync(path, { recursive: true, force: true }));
  return {
    get path() {
      return path;
    },
    write(relativePath, text) {
      const full = join(path, relativePath);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, text);
      return full;
    },
  };
}
