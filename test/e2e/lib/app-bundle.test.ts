import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { staticImportClosure } from '../../../bench/bundles';
import { runHandlerInFreshProcess } from '../../../bench/child';
import { startSimulatedAws } from '../../../bench/simulated-aws';
import { parseRuleParameters } from '../../../evaluator/rule-parameters';
import { NEVER_LOADED_MODULES } from '../../../lib/lambda-bundle';
import { PROJECT_ROOT } from '../../support/project-root';

const SYNTH_TIMEOUT_MS = 180_000;

/** Runs bin/app.ts the way the CDK CLI does: CDK_OUTDIR and CDK_CONTEXT_JSON, no AWS credentials. */
function runApp(outdir: string, context: Record<string, string> = {}): SpawnSyncReturns<string> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CDK_OUTDIR: outdir,
    CDK_CONTEXT_JSON: JSON.stringify(context),
  };
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_PROFILE']) delete env[name];
  return spawnSync(process.execPath, [require.resolve('tsx/cli'), path.join('bin', 'app.ts')], {
    cwd: PROJECT_ROOT,
    env,
    encoding: 'utf8',
  });
}

describe('the CDK app (bin/app.ts) with cdk-nag, synthesized offline', () => {
  let outdir: string;
  let assetDir: string;
  let synth: SpawnSyncReturns<string>;

  beforeAll(() => {
    // Under the system temp directory, so no node_modules lies above the bundle: it must be self-contained.
    outdir = mkdtempSync(path.join(tmpdir(), 'rule-app-'));
    synth = runApp(outdir);
    const assets = readdirSync(outdir).filter((entry) => entry.startsWith('asset.'));
    assetDir = path.join(outdir, assets[0] ?? 'no-asset');
  }, SYNTH_TIMEOUT_MS);

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('synthesizes the stack with no unacknowledged cdk-nag finding', () => {
    expect(synth.stderr).not.toMatch(/AwsSolutions-/);
    expect(synth.status).toBe(0);
    expect(existsSync(path.join(outdir, 'SageMakerModelVpcRule.template.json'))).toBe(true);
  });

  it('bundles the handler as minified ES modules, split so that lazily loaded code stays out of the entry', () => {
    const files = readdirSync(assetDir, { recursive: true, encoding: 'utf8' });
    expect(files).toEqual(expect.arrayContaining(['index.mjs', 'index.mjs.map', 'chunks']));
    const chunks = files.filter((file) => file.startsWith('chunks/') && file.endsWith('.mjs'));
    expect(chunks.some((chunk) => /periodic-sweep-\w+\.mjs$/.test(chunk))).toBe(true);
    for (const chunk of chunks) expect(files).toContain(`${chunk}.map`);
    const bundle = readFileSync(path.join(assetDir, 'index.mjs'), 'utf8');
    // Unminified source averages well under 100 characters a line; minified output runs to thousands.
    expect(bundle.length / bundle.split('\n').length).toBeGreaterThan(1000);
  });

  it('includes the AWS SDK clients instead of importing them, and needs no require()', () => {
    const code = readdirSync(assetDir, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.mjs'))
      .map((file) => readFileSync(path.join(assetDir, file), 'utf8'))
      .join('\n');
    // Imports in code, not the `[import "@aws-sdk/signature-v4-crt";]` advice inside SDK error messages.
    const imported = [...code.matchAll(/(?<![[\w])(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map(
      (match) => match[1]!,
    );
    const packages = imported.filter(
      (specifier) => !specifier.startsWith('.') && !specifier.startsWith('node:'),
    );
    expect(packages.length).toBeGreaterThan(0);
    expect(NEVER_LOADED_MODULES).toEqual(expect.arrayContaining([...new Set(packages)]));
    // esbuild's shim for require() in an ES module throws this at run time; its absence means no
    // bundled module (including the lazily loaded periodic sweep) calls require().
    expect(code).not.toContain('Dynamic require of');
    expect(code).toContain('"ListModels"');
    expect(code).toContain('"PutEvaluations"');
  });

  it('keeps the SageMaker client out of what a change-triggered invocation loads', () => {
    const loaded = staticImportClosure(assetDir, ['index.mjs']);
    const changePath = [...loaded].map((file) => readFileSync(path.join(assetDir, file), 'utf8')).join('\n');
    expect(changePath).toContain('"PutEvaluations"');
    expect(changePath).not.toContain('"DescribeModel"');
    expect(changePath).not.toContain('"ListModels"');
  });

  it('judges a change event and sweeps 250 models in fresh processes, never reaching a module left out', async () => {
    const api = await startSimulatedAws({ models: 250, latencyMs: 0, sageMakerCallsPerSecond: 1e9 });
    try {
      const entry = path.join(assetDir, 'index.mjs');
      const change = await runHandlerInFreshProcess(entry, { endpoint: api.endpoint, kind: 'change' });
      expect(change.summary.counts).toEqual({ COMPLIANT: 1 });
      expect(api.counters.calls.DescribeModel).toBeUndefined();
      const sweep = await runHandlerInFreshProcess(entry, { endpoint: api.endpoint, kind: 'scheduled' });
      expect(sweep.summary).toMatchObject({ modelsSwept: 250, notJudged: 0 });
      expect(api.counters.evaluations).toBe(1 + 250);
    } finally {
      await api.close();
    }
  });

  it('loads in a fresh Node.js process, exports handler and rejects an invalid event', () => {
    const script = `
      const bundle = await import(${JSON.stringify(path.join(assetDir, 'index.mjs'))});
      if (typeof bundle.handler !== 'function') throw new Error('no handler export');
      try { await bundle.handler({}); console.log('RESOLVED'); }
      catch (error) { console.log('REJECTED ' + error.name); }`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: outdir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, AWS_REGION: 'eu-west-1' },
    });
    expect(run.stdout).toMatch(/^REJECTED InvalidEventError$/m);
    expect(run.status).toBe(0);
  });
});

describe('the CDK app with a bad rule parameter', () => {
  it(
    'fails before bundling with the message the Lambda would give',
    () => {
      const outdir = mkdtempSync(path.join(tmpdir(), 'rule-app-bad-'));
      try {
        const run = runApp(outdir, { subnetIds: 'subnet-123' });
        let expected = '';
        try {
          parseRuleParameters({ subnetIds: 'subnet-123' });
        } catch (error) {
          expected = (error as Error).message;
        }
        expect(expected).not.toBe('');
        expect(run.status).not.toBe(0);
        expect(run.stderr).toContain(expected);
        expect(readdirSync(outdir).filter((entry) => entry.startsWith('asset.'))).toEqual([]);
      } finally {
        rmSync(outdir, { recursive: true, force: true });
      }
    },
    SYNTH_TIMEOUT_MS,
  );
});
