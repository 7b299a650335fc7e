import * as path from 'node:path';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { buildSync, type BuildOptions, type Metafile } from 'esbuild';

const LAMBDA_DIR = path.join(__dirname, '..', 'lambda');

/**
 * Left out of the bundle: the SDK loads them on demand only for browsers (user-agent parsing) and for
 * event-stream operations, and the rule calls none. Should that change, the import fails loudly.
 */
export const NEVER_LOADED_MODULES = ['bowser', '@smithy/core/event-streams'];
/** The file Lambda loads: `index.handler`. */
export const HANDLER = 'index.handler';

/**
 * The handler bundled for Lambda by esbuild with code splitting: ES modules, minified, with source
 * maps and the AWS SDK clients inside. NodejsFunction writes one file, and in one file esbuild cannot
 * tree-shake what is imported lazily, so the SageMaker client the sweep loads on demand would cost
 * 290 KB more and the bundle would double (BENCHMARKS.md). Split, a change-triggered invocation loads
 * only the entry and its chunks; the sweep's chunks load on the first periodic run.
 */
export function handlerCode(): lambda.Code {
  return lambda.Code.fromAsset(LAMBDA_DIR, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Local bundling always runs (esbuild is a dependency of this project); the image is never pulled.
      image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs24.x'),
      local: {
        tryBundle(outputDir: string): boolean {
          bundleHandler(outputDir);
          return true;
        },
      },
    },
  });
}

/** What every bundle of the handler shares: the AWS SDK clients inside, minified, for Node.js 24. */
const COMMON_BUILD_OPTIONS = {
  entryPoints: { index: path.join(LAMBDA_DIR, 'handler.ts') },
  bundle: true,
  platform: 'node',
  target: 'node24',
  mainFields: ['module', 'main'],
  external: NEVER_LOADED_MODULES,
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
} satisfies BuildOptions;

/** Writes index.mjs, its chunks and their source maps to `outputDir`; returns esbuild's metafile. */
export function bundleHandler(outputDir: string): Metafile {
  const result = buildSync({
    ...COMMON_BUILD_OPTIONS,
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
export function bundleHandlerSingleFile(): string {
  const result = buildSync({ ...COMMON_BUILD_OPTIONS, format: 'cjs', write: false });
  const [file] = result.outputFiles;
  if (!file || result.outputFiles.length !== 1) {
    throw new Error(
      `esbuild wrote ${result.outputFiles.length} files for the single-file handler, expected 1`,
    );
  }
  return file.text;
}

/** The single-file handler inline in the template: no asset, so no CDK bootstrap where it deploys. */
export function inlineHandlerCode(): lambda.Code {
  return lambda.Code.fromInline(bundleHandlerSingleFile());
}
