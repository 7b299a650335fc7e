import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** How reports name the tool that produced them. */
export const TOOL_NAME = 'sagemaker-model-vpc';

let version: string | undefined;

/**
 * The version in the package's package.json, read on first use rather than imported (an import would
 * make tsc copy package.json into dist/) or read at load (a failure there would escape the CLI's error
 * handling). It lies one folder above the sources, two above the compiled dist/cli/.
 */
export function toolVersion(): string {
  if (version === undefined) {
    const root = path.join(__dirname, path.extname(__filename) === '.ts' ? '..' : path.join('..', '..'));
    const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      version: string;
    };
    version = packageJson.version;
  }
  return version;
}
