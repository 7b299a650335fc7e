import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildSync, type BuildOptions, type Metafile } from 'esbuild';
import { LAMBDA_ENTRIES, prebuiltBundle, type LambdaEntry } from './lambda-entries';

/** Where the handlers' sources are: this module runs only from the sources (esbuild is a dev dependency). */
const PROJECT_ROOT = path.join(__dirname, '..');

/**
 * Left out of the bundle, as Lambda never loads them: the SDK loads the first two on demand only for
 * browsers (user-agent parsing) and for event-stream operations, which the handlers never call; the
 * others are the credential chain's providers for people (IAM Identity Center and console sign-in), which
 * the chain reaches only after the environment's credentials, and Lambda always sets those. Should that
 * change, the import fails loudly rather than a handler running on other credentials.
 */
export const NEVER_LOADED_MODULES = [
  'bowser',
  '@smithy/core/event-streams',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-login',
  '@aws-sdk/token-providers',
];

/** What every bundle of a handler shares: the AWS SDK clients inside, minified, for Node.js 24. */
function commonBuildOptions(entry: LambdaEntry) {
  return {
    entryPoints: { index: path.join(PROJECT_ROOT, entry.source) },
    bundle: true,
    platform: 'node',
    target: 'node24',
    mainFields: ['module', 'main'],
    external: NEVER_LOADED_MODULES,
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  } satisfies BuildOptions;
}

/**
 * The handler bundled for Lambda by esbuild with code splitting: ES modules, minified, with source
 * maps and the AWS SDK clients inside. NodejsFunction writes one file, and in one file esbuild cannot
 * tree-shake what is imported lazily, so the SageMaker client the sweep loads on demand would cost
 * 290 KB more and the bundle would double (BENCHMARKS.md). Split, a change-triggered invocation loads
 * only the entry and its chunks; the sweep's chunks load on the first periodic run.
 *
 * Writes index.mjs, its chunks and their source maps to `outputDir`; returns esbuild's metafile.
 */
export function bundleHandler(entry: LambdaEntry, outputDir: string): Metafile {
  const result = buildSync({
    ...commonBuildOptions(entry),
    outdir: outputDir,
    splitting: true,
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    // Positions only: stack traces map to the sources, without shipping the sources themselves.
    sourcemap: true,
    sourcesContent: false,
    metafile: true,
  });
  return result.metafile;
}

/**
 * The handler as one CommonJS file, for a template that carries its own code (`ZipFile`): CloudFormation
 * writes inline code to `index.js`, which Node.js loads as CommonJS, and one file is all it takes. It
 * costs what splitting saves (the sweep's SageMaker client loads on every cold start) and has no
 * source map, which would double its size.
 */
export function bundleHandlerSingleFile(entry: LambdaEntry): string {
  const result = buildSync({ ...commonBuildOptions(entry), format: 'cjs', write: false });
  const [file] = result.outputFiles;
  if (!file || result.outputFiles.length !== 1) {
    throw new Error(
      `esbuild wrote ${result.outputFiles.length} files for the single-file handler, expected 1`,
    );
  }
  return file.text;
}

/** Bundles every handler into the built package (`npm run build`), both ways, replacing older bundles. */
export function prebuildHandlers(packageDir: string): void {
  for (const entry of LAMBDA_ENTRIES) {
    const { assetDir, inlineFile } = prebuiltBundle(entry, packageDir);
    rmSync(path.dirname(assetDir), { recursive: true, force: true });
    bundleHandler(entry, assetDir);
    mkdirSync(path.dirname(inlineFile), { recursive: true });
    writeFileSync(inlineFile, bundleHandlerSingleFile(entry));
  }
}
