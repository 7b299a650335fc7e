import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join(__dirname, '..', 'fixtures');

/** A fixture file, parsed afresh on every call so tests cannot leak edits into each other. */
export function loadFixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as T;
}

export function loadEvent(name: string): Record<string, unknown> {
  return loadFixture(`events/${name}`);
}
