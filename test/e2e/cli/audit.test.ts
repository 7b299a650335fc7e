import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ConfigServiceClient, type Evaluation } from '@aws-sdk/client-config-service';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { main } from '../../../cli/main';
import type { JsonReport } from '../../../cli/report/json';
import { EvaluationReporter } from '../../../lambda/evaluation-reporter';
import { runPeriodicSweep } from '../../../lambda/periodic-sweep';
import { parseRuleParameters } from '../../../evaluator/rule-parameters';
import type { MotoServer } from '../../../scripts/emulator/moto-server';
import { fakeConfig } from '../../support/fake-aws';
import { captureIo } from '../../unit/cli/capture-io';
import { AUDIT_RULE_FLAGS, EXEMPTION_TAG, FLEET, SECRET, startFleet, SUBNET_A, SUBNET_B } from './moto-fleet';
import { PROJECT_ROOT } from '../../support/project-root';

let moto: MotoServer;
beforeAll(async () => {
  moto = await startFleet();
});
afterAll(async () => {
  await moto?.stop();
});

async function audit(...args: string[]) {
  const captured = captureIo();
  const code = await main(['audit', ...args], captured.io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

/**
 * What the Lambda's periodic sweep reports for one region: the real sweep over moto's SageMaker, with
 * only AWS Config (which moto cannot play here) faked to record the evaluations.
 */
async function lambdaSweepVerdicts(
  region: string,
): Promise<Map<string, Pick<Evaluation, 'ComplianceType' | 'Annotation'>>> {
  const fake = fakeConfig();
  const config = new ConfigServiceClient({ region });
  const sageMaker = new SageMakerClient({ region });
  const reporter = new EvaluationReporter(config, 'TESTMODE');
  await runPeriodicSweep(
    { notificationCreationTime: new Date().toISOString(), configRuleName: 'sagemaker-model-vpc' },
    parseRuleParameters({ subnetIds: `${SUBNET_A},${SUBNET_B}`, exemptionTag: EXEMPTION_TAG }),
    reporter,
    { sageMaker, config },
  );
  await reporter.finish();
  sageMaker.destroy();
  fake.stub.restore();
  return new Map(fake.evaluations().map((evaluation) => [evaluation.ComplianceResourceId ?? '', evaluation]));
}

describe('audit against moto, two regions', () => {
  let report: JsonReport;
  let code: number;
  let stderr: string;
  beforeAll(async () => {
    const run = await audit('--region', 'eu-west-1', '--region', 'us-east-1', ...AUDIT_RULE_FLAGS);
    code = run.code;
    stderr = run.stderr;
    report = JSON.parse(run.stdout) as JsonReport;
  });

  it('judges every model in both regions with the expected verdict', () => {
    const verdicts = report.findings.map((finding) => [
      finding.location,
      finding.resource,
      finding.compliance,
    ]);
    const expected = FLEET.map((model) => [model.region, model.name, model.expected]);
    expect(verdicts).toEqual(expect.arrayContaining(expected));
    expect(verdicts).toHaveLength(FLEET.length);
    expect(report.summary).toEqual({ total: 8, COMPLIANT: 2, NON_COMPLIANT: 5, NOT_APPLICABLE: 1, ERROR: 0 });
    expect(report.parameters).toEqual({ subnetIds: `${SUBNET_A},${SUBNET_B}`, exemptionTag: EXEMPTION_TAG });
  });

  it('gives each model the verdict and annotation the Lambda periodic sweep reports', async () => {
    for (const region of ['eu-west-1', 'us-east-1']) {
      const lambda = await lambdaSweepVerdicts(region);
      const audited = report.findings.filter((finding) => finding.location === region);
      expect(
        new Map(
          audited.map((finding) => [
            finding.resource,
            { ComplianceType: finding.compliance, Annotation: finding.annotation },
          ]),
        ),
      ).toEqual(
        new Map(
          [...lambda].map(([name, evaluation]) => [
            name,
            { ComplianceType: evaluation.ComplianceType, Annotation: evaluation.Annotation },
          ]),
        ),
      );
    }
  });

  it('exits 1 for non-compliant models, with nothing on stderr', () => {
    expect(code).toBe(1);
    expect(stderr).toBe('');
  });

  it('exits 0 when every model in scope is compliant or exempt', async () => {
    const run = await audit('--region', 'us-east-1', '--exemption-tag', 'vpc-exempt', '--format', 'csv');
    expect(run.stdout.match(/NON_COMPLIANT/g)).toBeNull();
    expect(run.code).toBe(0);
  });

  it('audits every region EC2 reports as enabled with --all-regions', async () => {
    const run = await audit('--all-regions', '--format', 'json', ...AUDIT_RULE_FLAGS);
    const all = JSON.parse(run.stdout) as JsonReport;
    expect(all.scope).toEqual(expect.arrayContaining(['eu-west-1', 'us-east-1', 'ap-southeast-2']));
    expect(all.findings.map((finding) => finding.resource).sort()).toEqual(
      FLEET.map((model) => model.name).sort(),
    );
  });

  it('never prints a container Environment value, in any format', async () => {
    for (const format of ['table', 'json', 'csv', 'junit', 'sarif']) {
      const run = await audit('--region', 'eu-west-1,us-east-1', '--format', format, ...AUDIT_RULE_FLAGS);
      expect(run.stdout).toContain('legacy-public');
      expect(run.stdout + run.stderr).not.toContain(SECRET);
    }
  });

  it('runs as a real process through the package entry, its stderr free of the SDK Node.js notice', () => {
    const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _, ...environment } = process.env;
    const result = spawnSync(
      'npx',
      [
        'tsx',
        join(PROJECT_ROOT, 'bin', 'sagemaker-model-vpc.ts'),
        'audit',
        '--region',
        'us-east-1',
        '--format',
        'junit',
      ],
      {
        cwd: PROJECT_ROOT,
        env: { ...environment, AWS_ENDPOINT_URL: moto.endpoint },
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^<\?xml/);
    expect(result.stdout).toContain('name="wrong-exemption"');
    expect(result.stdout).not.toContain(SECRET);
    expect(result.status).toBe(1);
  });
});
