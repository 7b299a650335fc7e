import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DescribeModelCommand,
  SageMakerClient,
  type CreateModelInput,
} from '@aws-sdk/client-sagemaker';
import { main } from '../../../cli/main';
import { REDACTED_ENVIRONMENT_VALUE } from '../../../cli/plan-fix/create-model-input';
import type { JsonReport } from '../../../cli/report/json';
import type { MotoServer } from '../../../scripts/emulator/moto-server';
import { captureIo } from '../../unit/cli/capture-io';
import { SECRET, SECURITY_GROUP, startFleet, SUBNET_A, SUBNET_B } from './moto-fleet';

let moto: MotoServer;
let sageMaker: SageMakerClient;
beforeAll(async () => {
  moto = await startFleet();
  sageMaker = new SageMakerClient({ region: 'eu-west-1' });
  await sageMaker.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: 'legacy-public-config',
      ProductionVariants: [
        {
          VariantName: 'all',
          ModelName: 'legacy-public',
          InstanceType: 'ml.m5.large',
          InitialInstanceCount: 1,
        },
      ],
    }),
  );
});
afterAll(async () => {
  sageMaker?.destroy();
  await moto?.stop();
});

async function run(...args: string[]) {
  const captured = captureIo();
  const code = await main(args, captured.io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

/** The JSON document printed after a `== ...` heading. */
function printedJson(stdout: string, heading: string): CreateModelInput {
  const start = stdout.indexOf('{', stdout.indexOf(heading));
  const end = stdout.indexOf('\n}\n', start);
  return JSON.parse(stdout.slice(start, end + 2)) as CreateModelInput;
}

describe('plan-fix against moto', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'plan-fix-'));
  const out = join(outDir, 'legacy-public-vpc.json');
  let plan: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    plan = await run(
      'plan-fix',
      '--region',
      'eu-west-1',
      '--model',
      'legacy-public',
      '--subnets',
      `${SUBNET_A},${SUBNET_B}`,
      '--security-groups',
      SECURITY_GROUP,
      '--subnet-ids',
      `${SUBNET_A},${SUBNET_B}`,
      '--out',
      out,
    );
  });

  it('prints the replacement with the VpcConfig added and everything else copied, Environment redacted', () => {
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('Model legacy-public in eu-west-1 is NON_COMPLIANT: VpcConfig');
    expect(plan.stdout).toContain(
      'Replacement legacy-public-vpc would be COMPLIANT: VpcConfig has 2 subnets and 1 security group',
    );
    const replacement = printedJson(plan.stdout, '== Replacement model');
    expect(replacement).toEqual({
      ModelName: 'legacy-public-vpc',
      PrimaryContainer: expect.objectContaining({ Environment: { DB_PASSWORD: REDACTED_ENVIRONMENT_VALUE } }),
      ExecutionRoleArn: 'arn:aws:iam::123456789012:role/sagemaker-execution',
      VpcConfig: { Subnets: [SUBNET_A, SUBNET_B], SecurityGroupIds: [SECURITY_GROUP] },
      EnableNetworkIsolation: false,
      Tags: [{ Key: 'team', Value: 'risk' }],
    });
    const backout = printedJson(plan.stdout, '== Backout');
    expect(backout.ModelName).toBe('legacy-public');
    expect(backout).not.toHaveProperty('VpcConfig');
  });

  it('never echoes the Environment value, and writes it only to the 0600 files named on stdout', () => {
    expect(plan.stdout + plan.stderr).not.toContain(SECRET);
    const backoutFile = join(outDir, 'legacy-public-vpc.backout.json');
    expect(plan.stdout).toContain(`The unredacted inputs are in ${out} and ${backoutFile} (mode 0600)`);
    for (const file of [out, backoutFile]) {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, 'utf8')).toContain(SECRET);
    }
  });

  it('lists the endpoint configs that use the model and the steps in order', () => {
    expect(plan.stdout).toContain('Endpoint configs that use legacy-public: legacy-public-config.');
    const steps = [
      'create-model',
      'create-endpoint-config',
      'update-endpoint',
      'delete-model --region eu-west-1 --model-name legacy-public',
    ];
    const positions = steps.map((step) =>
      plan.stdout.indexOf(`aws sagemaker ${step}`, plan.stdout.indexOf('== Steps')),
    );
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('changed nothing, and its output file creates a model the audit judges COMPLIANT', async () => {
    await expect(
      sageMaker.send(new DescribeModelCommand({ ModelName: 'legacy-public-vpc' })),
    ).rejects.toThrow(/Could not find model/);
    await sageMaker.send(new CreateModelCommand(JSON.parse(readFileSync(out, 'utf8')) as CreateModelInput));
    const created = await sageMaker.send(new DescribeModelCommand({ ModelName: 'legacy-public-vpc' }));
    expect(created.PrimaryContainer?.Environment).toEqual({ DB_PASSWORD: SECRET });
    const audit = await run(
      'audit',
      '--region',
      'eu-west-1',
      '--format',
      'json',
      '--subnet-ids',
      `${SUBNET_A},${SUBNET_B}`,
    );
    const report = JSON.parse(audit.stdout) as JsonReport;
    expect(report.findings.find((finding) => finding.resource === 'legacy-public-vpc')?.compliance).toBe(
      'COMPLIANT',
    );
  });

  it('copies the VpcConfig of a reference model with --from-model', async () => {
    const copy = await run(
      'plan-fix',
      '--region',
      'us-east-1',
      '--model',
      'wrong-exemption',
      '--from-model',
      'recommender',
    );
    expect(copy.code).toBe(0);
    expect(printedJson(copy.stdout, '== Replacement model').VpcConfig).toEqual({
      Subnets: [SUBNET_B],
      SecurityGroupIds: [SECURITY_GROUP],
    });
    expect(copy.stdout).toContain('No endpoint config uses wrong-exemption');
    expect(copy.stdout).toContain('== Replacement model: save as wrong-exemption-vpc.json');
  });

  it('without --out, warns that the redacted input must not be used as is', async () => {
    const redacted = await run(
      'plan-fix',
      '--region',
      'eu-west-1',
      '--model',
      'legacy-public',
      '--from-model',
      'fraud-scorer',
      '--new-name',
      'legacy-public-2',
    );
    expect(redacted.code).toBe(0);
    expect(redacted.stdout).toContain(
      '== Replacement model: Environment redacted, so do not save this: write the real input with --out',
    );
    expect(redacted.stdout).toContain('run again with --out FILE to write the real inputs');
    expect(redacted.stdout).not.toContain(SECRET);
  });

  it('refuses a replacement the rule parameters would still fail, printing no plan', async () => {
    const refused = await run(
      'plan-fix',
      '--region',
      'eu-west-1',
      '--model',
      'legacy-public',
      '--new-name',
      'legacy-public-v2',
      '--subnets',
      'subnet-99999999',
      '--security-groups',
      SECURITY_GROUP,
      '--subnet-ids',
      SUBNET_A,
    );
    expect(refused).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'error: the replacement would still be NON_COMPLIANT: subnets not in the allow-list: subnet-99999999\n',
    });
  });

  it('under --require-network-isolation, turns isolation on only with --enable-network-isolation', async () => {
    const args = [
      'plan-fix',
      '--region',
      'eu-west-1',
      '--model',
      'legacy-public',
      '--new-name',
      'legacy-public-isolated',
      '--subnets',
      SUBNET_A,
      '--security-groups',
      SECURITY_GROUP,
      '--require-network-isolation',
    ];
    const refused = await run(...args);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(
      /^error: the replacement would still be NON_COMPLIANT: .*EnableNetworkIsolation.*; pass --enable-network-isolation to turn network isolation on in the replacement\n$/,
    );

    const isolated = await run(...args, '--enable-network-isolation');
    expect(isolated.code).toBe(0);
    expect(printedJson(isolated.stdout, '== Replacement model').EnableNetworkIsolation).toBe(true);
    expect(printedJson(isolated.stdout, '== Backout').EnableNetworkIsolation).toBe(false);
  });

  it.each([
    [
      ['--model', 'missing-model'],
      /error: DescribeModel failed: HTTP 400 ValidationException: Could not find model/,
    ],
    [
      ['--model', 'legacy-public', '--new-name', 'fraud-scorer'],
      /a model named fraud-scorer already exists in eu-west-1/,
    ],
    [
      ['--model', 'empty-subnets', '--from-model', 'legacy-public'],
      /--from-model legacy-public has no VpcConfig with subnets and security groups to copy/,
    ],
  ])('exits 2 with a clear error for %j', async (args, message) => {
    const network = args.includes('--from-model')
      ? []
      : ['--subnets', SUBNET_A, '--security-groups', SECURITY_GROUP];
    const failed = await run('plan-fix', '--region', 'eu-west-1', ...args, ...network);
    expect(failed.code).toBe(2);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toMatch(message);
  });
});
