import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  ListEndpointConfigsCommand,
  ListModelsCommand,
  ListTagsCommand,
  SageMakerClient,
  type CreateModelInput,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { main } from '../../../cli/main';
import { captureIo } from './capture-io';

const sageMaker = mockClient(SageMakerClient);
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const SPOOFED_IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/model:1\u202e\u001b[2J\u009b31m';
const SPOOFED_CONFIG = 'scorer-config\u001b]0;pwned\u0007\u2066';
const PLAN = [
  'plan-fix',
  '--region',
  'eu-west-1',
  '--model',
  'scorer',
  '--subnets',
  'subnet-12345678',
  '--security-groups',
  'sg-12345678',
];

beforeEach(() => {
  sageMaker.reset();
  sageMaker
    .on(DescribeModelCommand)
    .resolves({
      ModelName: 'scorer',
      ModelArn: 'arn:aws:sagemaker:eu-west-1:123456789012:model/scorer',
      PrimaryContainer: { Image: SPOOFED_IMAGE },
      ExecutionRoleArn: 'arn:aws:iam::123456789012:role/sagemaker',
    })
    .on(ListTagsCommand)
    .resolves({ Tags: [] })
    .on(ListModelsCommand)
    .resolves({ Models: [] })
    .on(ListEndpointConfigsCommand)
    .resolves({
      EndpointConfigs: [
        { EndpointConfigName: SPOOFED_CONFIG, EndpointConfigArn: 'arn', CreationTime: new Date() },
      ],
    })
    .on(DescribeEndpointConfigCommand)
    .resolves({ ProductionVariants: [{ VariantName: 'all', ModelName: 'scorer' }] });
});

async function planFix(...args: string[]) {
  const captured = captureIo();
  const code = await main([...PLAN, ...args], captured.io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

describe('plan-fix output', () => {
  it('prints API values without control or bidirectional override characters, the JSON unchanged', async () => {
    const plan = await planFix();
    expect(plan.code).toBe(0);
    expect(plan.stdout).not.toMatch(UNSAFE);
    expect(plan.stdout).toContain('Endpoint configs that use scorer: scorer-config ]0;pwned .');
    const start = plan.stdout.indexOf('{');
    const replacement = JSON.parse(plan.stdout.slice(start, plan.stdout.indexOf('\n}\n', start) + 2));
    expect((replacement as CreateModelInput).PrimaryContainer?.Image).toBe(SPOOFED_IMAGE);
  });
});

describe('plan-fix against a DescribeModel answer about another model', () => {
  const otherModel = {
    ModelName: 'someone-else',
    ModelArn: 'arn:aws:sagemaker:eu-west-1:123456789012:model/someone-else',
    PrimaryContainer: { Image: 'image' },
    ExecutionRoleArn: 'arn:aws:iam::123456789012:role/sagemaker',
    VpcConfig: { Subnets: ['subnet-87654321'], SecurityGroupIds: ['sg-87654321'] },
  };
  const refusal = (asked: string) =>
    `error: UnexpectedApiShapeError: Unexpected SageMaker API response: DescribeModel of ${asked} ` +
    'answered for another model (someone-else)\n';

  it('refuses to plan a fix of the model asked for from it', async () => {
    sageMaker.on(DescribeModelCommand, { ModelName: 'scorer' }).resolves(otherModel);
    expect(await planFix()).toEqual({ code: 2, stdout: '', stderr: refusal('scorer') });
  });

  it('refuses to copy its network with --from-model', async () => {
    sageMaker.on(DescribeModelCommand, { ModelName: 'reference' }).resolves(otherModel);
    const captured = captureIo();
    const code = await main(
      ['plan-fix', '--region', 'eu-west-1', '--model', 'scorer', '--from-model', 'reference'],
      captured.io,
    );
    expect({ code, stdout: captured.stdout(), stderr: captured.stderr() }).toEqual({
      code: 2,
      stdout: '',
      stderr: refusal('reference'),
    });
  });
});

describe('plan-fix --out', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'plan-fix-out-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('refuses an existing file before calling AWS, naming it, and leaves it as it was', async () => {
    const out = join(directory, 'plan.json');
    writeFileSync(out, 'keep me');
    const plan = await planFix('--out', out);
    expect(plan).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: ${out} already exists; pass --force to replace it\n`,
    });
    expect(sageMaker.calls()).toHaveLength(0);
    expect(readFileSync(out, 'utf8')).toBe('keep me');
  });

  it('refuses a missing directory before calling AWS, in one line without a doubled prefix', async () => {
    const out = join(directory, 'missing', 'plan.json');
    const plan = await planFix('--out', out);
    expect(plan).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: cannot write ${out}: ${join(directory, 'missing')}: no such file or directory\n`,
    });
    expect(sageMaker.calls()).toHaveLength(0);
  });

  it('refuses a path ending in a separator before calling AWS', async () => {
    const plan = await planFix('--out', `${directory}/new/`);
    expect(plan.code).toBe(2);
    expect(plan.stderr).toBe(
      `error: --out ${directory}/new/ names a directory; give the path of a file to create\n`,
    );
    expect(sageMaker.calls()).toHaveLength(0);
  });

  it('reports a write that fails after the API calls as one line naming the target', async () => {
    const gone = join(directory, 'gone');
    mkdirSync(gone);
    sageMaker.on(ListEndpointConfigsCommand).callsFake(() => {
      rmSync(gone, { recursive: true });
      return { EndpointConfigs: [] };
    });
    const out = join(gone, 'plan.json');
    const plan = await planFix('--out', out);
    expect(plan).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: cannot write ${out}: no such file or directory\n`,
    });
  });

  it('replaces it with --force and says where the inputs are', async () => {
    const out = join(directory, 'plan.json');
    writeFileSync(out, 'old');
    const plan = await planFix('--out', out, '--force');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(
      `The unredacted inputs are in ${out} and ${join(directory, 'plan.backout.json')}`,
    );
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ ModelName: 'scorer-vpc' });
  });
});
