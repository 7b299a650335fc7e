import * as path from 'node:path';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { buildSync, type BuildOptions, type Metafile } from 'esbuild';

const PROJECT_ROOT = path.join(__dirname, '..');
/** The entry points bundled for Lambda: the AWS Config rule's handler and the CloudFormation hook's. */
export const RULE_HANDLER_ENTRY = path.join(PROJECT_ROOT, 'lambda', 'handler.ts');
export const HOOK_HANDLER_ENTRY = path.join(PROJECT_ROOT, 'hook', 'handler.ts');

/**
 * Left out of the bundle: the SDK loads them on demand only for browsers (user-agent parsing) and for
 * event-stream operations, and the rule calls none. Should that change, the import fails loudly.
 */
export const NEVER_LOADED_MODULES = ['bowser', '@smithy/core/event-streams'];
/** The file Lambda loads: `index.handler`. */
export const HANDLER = 'index.handler';

/**
 * A handler (`entry`, its `handler` export) bundled for Lambda by esbuild with code splitting: ES
 * modules, minified, with source maps and the AWS SDK clients inside. NodejsFunction writes one file,
 * and in one file esbuild cannot tree-shake what is imported lazily, so the SageMaker client the sweep
 * loads on demand would cost 290 KB more and the bundle would double (BENCHMARKS.md). Split, a
 * change-triggered invocation loads only the entry and its chunks; the sweep's chunks load on the first
 * periodic run.
 */
export function handlerCode(entry: string): lambda.Code {
  return lambda.Code.fromAsset(path.dirname(entry), {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Local bundling always runs (esbuild is a dependency of this project); the image is never pulled.
      image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs24.x'),
      local: {
        tryBundle(outputDir: string): boolean {
          bundleHandler(outputDir, entry);
          return true;
        },
      },
    },
  });
}

/** What every bundle of a handler shares: the AWS SDK clients inside, minified, for Node.js 24. */
const commonBuildOptions = (entry: string) =>
  ({
    entryPoints: { index: entry },
    bundle: true,
    platform: 'node',
    target: 'node24',
    mainFields: ['module', 'main'],
    external: NEVER_LOADED_MODULES,
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  }) satisfies BuildOptions;

/** Writes index.mjs, its chunks and their source maps to `outputDir`; returns esbuild's metafile. */
export function bundleHandler(outputDir: string, entry: string = RULE_HANDLER_ENTRY): Metafile {
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
export function bundleHandlerSingleFile(entry: string): string {
  const result = buildSync({ ...commonBuildOptions(entry), format: 'cjs', write: false });
  const [file] = result.outputFiles;
  if (!file || result.outputFiles.length !== 1) {
    throw new Error(
      `esbuild wrote ${result.outputFiles.length} files for the single-file handler, expected 1`,
    );
  }
  return file.text;
}

/** The single-file handler inline in the template: no asset, so no CDK bootstrap where it deploys. */
export function inlineHandlerCode(entry: string): lambda.Code {
  return lambda.Code.fromInline(bundleHandlerSingleFile(entry));
}

/**
 * What every function of this project shares: the bundled entry (an asset, or inline for a StackSet) on
 * Node.js 24 on arm64, with stack traces mapped through the source maps and its service named in logs.
 */
export function bundledFunctionProps(entry: string, inlineCode: boolean | undefined, serviceName: string) {
  return {
    code: inlineCode ? inlineHandlerCode(entry) : handlerCode(entry),
    handler: HANDLER,
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    environment: { POWERTOOLS_SERVICE_NAME: serviceName, NODE_OPTIONS: '--enable-source-maps' },
  } satisfies Partial<lambda.FunctionProps>;
}
