import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';

export const PROJECT_ROOT = path.join(__dirname, '..');

export interface Bundle {
  readonly label: string;
  /** The file Lambda imports. */
  readonly entry: string;
  /** Every file of the bundle, with its size. */
  readonly files: ReadonlyArray<{ readonly name: string; readonly bytes: number }>;
  /** Bytes a change-triggered invocation loads: the entry and what it imports statically. */
  readonly changePathBytes: number;
  /** Bytes loaded once a periodic sweep has run too. */
  readonly sweepPathBytes: number;
}

/** The handler asset exactly as `cdk synth` produces it for deployment (offline, no credentials). */
export function synthesizedBundle(outdir: string): Bundle {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CDK_OUTDIR: outdir,
    CDK_CONTEXT_JSON: JSON.stringify({ 'aws:cdk:enable-asset-metadata': true }),
  };
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_PROFILE']) delete env[name];
  const synth = spawnSync(process.execPath, [require.resolve('tsx/cli'), path.join('bin', 'app.ts')], {
    cwd: PROJECT_ROOT,
    env,
    encoding: 'utf8',
  });
  if (synth.status !== 0) throw new Error(`cdk synth failed:\n${synth.stderr}`);
  const template = JSON.parse(
    readFileSync(path.join(outdir, 'SageMakerModelVpcRule.template.json'), 'utf8'),
  ) as {
    Resources: Record<string, { Type: string; Metadata?: Record<string, string> }>;
  };
  const fn = Object.values(template.Resources).find(
    (resource) => resource.Type === 'AWS::Lambda::Function' && resource.Metadata?.['aws:asset:path'],
  );
  if (!fn) throw new Error('the synthesized template has no Lambda function with an asset');
  const assetDir = path.join(outdir, fn.Metadata!['aws:asset:path']!);
  const files = filesOf(assetDir);
  const sizeOf = (loaded: Set<string>) =>
    files.filter((file) => loaded.has(file.name)).reduce((sum, file) => sum + file.bytes, 0);
  const changePath = staticImportClosure(assetDir, ['index.mjs']);
  const sweepEntries = files
    .map((file) => file.name)
    .filter((name) => /(periodic-sweep|sagemaker-client)-\w+\.mjs$/.test(name));
  return {
    label: 'deployed (cdk synth)',
    entry: path.join(assetDir, 'index.mjs'),
    files,
    changePathBytes: sizeOf(changePath),
    sweepPathBytes: sizeOf(staticImportClosure(assetDir, ['index.mjs', ...sweepEntries])),
  };
}

/**
 * The files an ES module bundle loads from `entries` through static imports (`import"./x.mjs"`,
 * `import{a}from"./x.mjs"`); `import("./x.mjs")` loads only when the code runs it.
 */
export function staticImportClosure(directory: string, entries: readonly string[]): Set<string> {
  const loaded = new Set<string>();
  const visit = (file: string): void => {
    if (loaded.has(file)) return;
    loaded.add(file);
    const code = readFileSync(path.join(directory, file), 'utf8');
    for (const match of code.matchAll(/(?:from|import)\s*"(\.\/[^"]+\.mjs)"/g)) {
      visit(path.join(path.dirname(file), match[1]!));
    }
  };
  entries.forEach(visit);
  return loaded;
}

/** The same handler bundled the naive way: CommonJS, esbuild's defaults, both SDK clients inside. */
export async function naiveBundle(outdir: string): Promise<Bundle> {
  const entry = path.join(outdir, 'index.js');
  await build({
    entryPoints: [path.join(PROJECT_ROOT, 'lambda', 'handler.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: entry,
    logLevel: 'error',
  });
  const files = filesOf(outdir);
  const bytes = files.reduce((sum, file) => sum + file.bytes, 0);
  return { label: 'naive (CommonJS, defaults)', entry, files, changePathBytes: bytes, sweepPathBytes: bytes };
}

function filesOf(directory: string): Array<{ name: string; bytes: number }> {
  return readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .map((name) => ({ name, bytes: statSync(path.join(directory, name)).size }))
    .filter((file) => !file.name.endsWith('.map') && statSync(path.join(directory, file.name)).isFile());
}

export const totalBytes = (bundle: Bundle): number => bundle.files.reduce((sum, file) => sum + file.bytes, 0);
