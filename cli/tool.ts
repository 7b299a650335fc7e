import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** How reports name the tool that produced them. */
export const TOOL_NAME = 'sagemaker-model-vpc';
export const TOOL_VERSION = packageVersion();

/**
 * The version in the package's package.json, read rather than imported: an import would make tsc copy
 * package.json into dist/. It lies one folder above the sources, two above the compiled dist/cli/.
 */
function packageVersion(): string {
  const root = path.join(__dirname, path.extname(__filename) === '.ts' ? '..' : path.join('..', '..'));
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    version: string;
  };
  return version;
}
