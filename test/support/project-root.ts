import { join } from 'node:path';

/** The repository root, where child processes run and fixtures are found. */
export const PROJECT_ROOT = join(__dirname, '..', '..');
