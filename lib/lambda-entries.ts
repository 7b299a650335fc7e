import * as path from 'node:path';

/** A Lambda handler of this project. */
export interface LambdaEntry {
  /** Names the folder of its prebuilt bundles in the package. */
  readonly name: string;
  /** Its TypeScript source, relative to the project root; it exports `handler`. */
  readonly source: string;
}

/** The AWS Config rule's handler. */
export const RULE_HANDLER: LambdaEntry = { name: 'rule', source: 'lambda/handler.ts' };

/** The CloudFormation hook's handler, which judges models before they are created. */
export const HOOK_HANDLER: LambdaEntry = { name: 'hook', source: 'hook/handler.ts' };

/** Every Lambda handler: `npm run build` bundles each into the package, so users need no bundler. */
export const LAMBDA_ENTRIES: readonly LambdaEntry[] = [RULE_HANDLER, HOOK_HANDLER];

export interface PrebuiltBundle {
  /** The code-split ES module bundle (`index.mjs`, chunks, source maps): the function's asset. */
  readonly assetDir: string;
  /** The same handler as one CommonJS file, for templates that carry their code inline. */
  readonly inlineFile: string;
}

/** Where the bundles of an entry lie in the built package (`dist/` in this repository). */
export function prebuiltBundle(entry: LambdaEntry, packageDir: string): PrebuiltBundle {
  const dir = path.join(packageDir, 'lambda-bundles', entry.name);
  return { assetDir: path.join(dir, 'asset'), inlineFile: path.join(dir, 'inline', 'index.js') };
}
