import * as path from 'node:path';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { buildSync, type Metafile } from 'esbuild';

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

/** Writes index.mjs, its chunks and their source maps to `outputDir`; returns esbuild's metafile. */
export function bundleHandler(outputDir: string): Metafile {
  const result = buildSync({
    entryPoints: { index: path.join(LAMBDA_DIR, 'handler.ts') },
    outdir: outputDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    mainFields: ['module', 'main'],
    external: NEVER_LOADED_MODULES,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    minify: true,
    // Positions only: stack traces map to the sources, without shipping the sources themselves.
    sourcemap: true,
    sourcesContent: false,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  return result.metafile;
}
