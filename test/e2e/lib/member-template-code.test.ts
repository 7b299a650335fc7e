import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runHandlerInFreshProcess } from '../../../bench/child';
import { startSimulatedAws } from '../../../bench/simulated-aws';
import { buildApp } from '../../../app/app';

/**
 * The member template the StackSet deploys, checked by processes of its own: cfn-lint, and its inline
 * handler run as a file with nothing beside it. test/unit/lib/member-template.test.ts checks its shape.
 */
describe('the member template the StackSet deploys, run and linted', () => {
  let file: string;
  let directory: string;
  let entry: string;

  beforeAll(() => {
    const { organizationStack } = buildApp({
      context: {
        subnetIds: 'subnet-0123456789abcdef0',
        organizationalUnitIds: 'ou-ab12-11111111',
        regions: 'eu-west-1',
        'aws:cdk:bundling-stacks': [],
      },
    });
    file = organizationStack!.memberTemplate.file;
    const template = JSON.parse(readFileSync(file, 'utf8')) as {
      Resources: Record<string, { Type: string; Properties?: { Code?: { ZipFile?: string } } }>;
    };
    const functions = Object.values(template.Resources).filter(
      (resource) => resource.Type === 'AWS::Lambda::Function',
    );
    expect(functions).toHaveLength(1);
    // Under the system temp directory, with no package.json or node_modules above: only the file itself.
    directory = mkdtempSync(path.join(tmpdir(), 'inline-handler-'));
    entry = path.join(directory, 'index.js');
    writeFileSync(entry, functions[0]!.Properties!.Code!.ZipFile!);
  });

  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('passes cfn-lint without errors', () => {
    // W3005: CDK's Lambda construct adds an explicit DependsOn on its role on purpose (scripts/lint-templates.sh).
    const lint = spawnSync('cfn-lint', ['--ignore-checks', 'W3005', '--', file], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(lint.error).toBeUndefined();
    // cfn-lint's exit code is a bit mask: 2 = error, 1 = it could not run; warnings (4) do not fail.
    expect({ failed: (lint.status ?? 1) & 3, findings: lint.stdout + lint.stderr }).toMatchObject({
      failed: 0,
    });
  });

  it('judges a change event and sweeps 250 models with its inline code, each in a fresh Node.js process', async () => {
    const api = await startSimulatedAws({ models: 250, latencyMs: 0, sageMakerCallsPerSecond: 1e9 });
    try {
      const change = await runHandlerInFreshProcess(entry, { endpoint: api.endpoint, kind: 'change' });
      expect(change.summary.counts).toEqual({ COMPLIANT: 1 });
      const sweep = await runHandlerInFreshProcess(entry, { endpoint: api.endpoint, kind: 'scheduled' });
      expect(sweep.summary).toMatchObject({ modelsSwept: 250, notJudged: 0 });
      expect(api.counters.evaluations).toBe(1 + 250);
    } finally {
      await api.close();
    }
  });
});
