import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { prebuiltBundle, type LambdaEntry } from './lambda-entries';

/** The file Lambda loads: `index.handler`. */
const HANDLER = 'index.handler';

/**
 * Run from the TypeScript sources (tests, `cdk synth` in this repository), handlers are bundled from
 * their sources at synth; compiled (the installed package), they were bundled by `npm run build` and
 * lie beside this module, so a user's synth needs neither esbuild nor the sources.
 */
const RUNS_FROM_SOURCES = path.extname(__filename) === '.ts';
/** The project root from the sources; compiled, the package root (dist/ here, its folder once installed). */
const ROOT = path.join(__dirname, '..');

/** The handler as the function's asset: code-split ES modules (see lambda-bundle.ts). */
function handlerCode(entry: LambdaEntry): lambda.Code {
  if (!RUNS_FROM_SOURCES) return lambda.Code.fromAsset(prebuilt(entry).assetDir);
  return lambda.Code.fromAsset(path.join(ROOT, path.dirname(entry.source)), {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Local bundling always runs (esbuild is a dev dependency); the image is never pulled.
      image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs24.x'),
      local: {
        tryBundle(outputDir: string): boolean {
          bundler().bundleHandler(entry, outputDir);
          return true;
        },
      },
    },
  });
}

/** The single-file handler inline in the template: no asset, so no CDK bootstrap where it deploys. */
function inlineHandlerCode(entry: LambdaEntry): lambda.Code {
  return lambda.Code.fromInline(
    RUNS_FROM_SOURCES
      ? bundler().bundleHandlerSingleFile(entry)
      : readFileSync(prebuilt(entry).inlineFile, 'utf8'),
  );
}

function prebuilt(entry: LambdaEntry) {
  const bundle = prebuiltBundle(entry, ROOT);
  for (const file of [path.join(bundle.assetDir, 'index.mjs'), bundle.inlineFile]) {
    if (!existsSync(file)) {
      throw new Error(`The prebuilt Lambda bundle ${file} is missing: build the package with npm run build`);
    }
  }
  return bundle;
}

/** esbuild, loaded only to bundle from the sources: it is a dev dependency, absent from installs. */
function bundler(): typeof import('./lambda-bundle') {
  // A synchronous require, as CDK's local bundling (tryBundle) is synchronous.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./lambda-bundle') as typeof import('./lambda-bundle');
}

/**
 * What every function of this project shares: the bundled entry (an asset, or inline for a StackSet) on
 * Node.js 24 on arm64, with stack traces mapped through the source maps and its service named in logs.
 */
export function bundledFunctionProps(
  entry: LambdaEntry,
  inlineCode: boolean | undefined,
  serviceName: string,
) {
  return {
    code: inlineCode ? inlineHandlerCode(entry) : handlerCode(entry),
    handler: HANDLER,
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    environment: { POWERTOOLS_SERVICE_NAME: serviceName, NODE_OPTIONS: '--enable-source-maps' },
  } satisfies Partial<lambda.FunctionProps>;
}
