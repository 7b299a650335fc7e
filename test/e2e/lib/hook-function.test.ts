import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../../app/app';

const PROCESS_TIMEOUT_MS = 60_000;
const SUBNET = 'subnet-0123456789abcdef0';
const SG = 'sg-0123456789abcdef0';

interface FunctionResource {
  readonly Type: string;
  readonly Properties: {
    readonly Description: string;
    readonly Code: { readonly ZipFile?: string; readonly S3Key?: string };
    readonly Environment: { readonly Variables: Record<string, string> };
  };
}

/** A resource request as the Hooks User Guide documents it, for a SageMaker model. */
const request = (resourceProperties: unknown, token: string | null = 'token-1') => ({
  ...(token !== null && { clientRequestToken: token }),
  awsAccountId: '123456789012',
  stackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/models/1a2345b6-0000-00a0-a123-00abc0abc000',
  hookTypeName: 'Private::SageMakerModelVpc::Hook',
  hookTypeVersion: '00000001',
  hookModel: { LambdaFunction: 'arn:aws:lambda:eu-west-1:123456789012:function:hook' },
  actionInvocationPoint: 'CREATE_PRE_PROVISION',
  requestData: {
    targetName: 'AWS::SageMaker::Model',
    targetType: 'AWS::SageMaker::Model',
    targetLogicalId: 'Model',
    targetModel: { resourceProperties, previousResourceProperties: {} },
  },
  requestContext: { invocation: 1, callbackContext: null },
});

/**
 * Loads the bundled entry in a fresh Node.js process with only the environment Lambda would give it,
 * invokes `handler` once and returns its answer.
 */
function invokeInFreshProcess(entry: string, environment: Record<string, string>, event: unknown): unknown {
  const script = `
    const bundle = await import(${JSON.stringify(entry)});
    console.log(JSON.stringify(await bundle.handler(JSON.parse(process.env.HOOK_EVENT))));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: path.dirname(entry),
    encoding: 'utf8',
    timeout: PROCESS_TIMEOUT_MS,
    env: {
      PATH: process.env.PATH,
      AWS_REGION: 'eu-west-1',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      ...environment,
      HOOK_EVENT: JSON.stringify(event),
    },
  });
  if (run.status !== 0) throw new Error(`hook process exited with ${run.status}: ${run.stderr.slice(-2000)}`);
  return JSON.parse(run.stdout.trim().split('\n').pop() ?? 'null');
}

const hookFunction = (resources: Record<string, FunctionResource>): FunctionResource =>
  Object.values(resources).find(
    (resource) =>
      resource.Type === 'AWS::Lambda::Function' &&
      resource.Properties.Description.startsWith('CloudFormation hook'),
  )!;

describe('the hook function as CloudFormation deploys it, in a fresh Node.js process', () => {
  let outdir: string;
  let forms: [string, string, Record<string, string>][];

  beforeAll(() => {
    outdir = mkdtempSync(path.join(tmpdir(), 'hook-function-'));
    const { app, stack, organizationStack } = buildApp({
      outdir,
      context: {
        subnetIds: SUBNET,
        securityGroupIds: SG,
        preventionHook: 'true',
        hookFailureMode: 'FAIL',
        organizationalUnitIds: 'ou-abcd-11111111',
        regions: 'eu-west-1',
      },
    });
    app.synth();
    const asset = hookFunction(
      Template.fromStack(stack).toJSON().Resources as Record<string, FunctionResource>,
    );
    const assetDir = path.join(outdir, `asset.${asset.Properties.Code.S3Key!.replace(/\.zip$/, '')}`);
    const member = JSON.parse(readFileSync(organizationStack!.memberTemplate.file, 'utf8')) as {
      Resources: Record<string, FunctionResource>;
    };
    const inline = hookFunction(member.Resources);
    // CloudFormation writes inline code to index.js; with no package.json around, Node.js loads CommonJS.
    const inlineDir = mkdtempSync(path.join(outdir, 'inline-'));
    writeFileSync(path.join(inlineDir, 'index.js'), inline.Properties.Code.ZipFile!);
    forms = [
      [
        'the asset (split ES modules)',
        path.join(assetDir, 'index.mjs'),
        asset.Properties.Environment.Variables,
      ],
      [
        'the inline code of the StackSet',
        path.join(inlineDir, 'index.js'),
        inline.Properties.Environment.Variables,
      ],
    ];
  }, 180_000);

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('answers FAILED with the annotation for a model outside the allow-list, SUCCESS for one inside', () => {
    for (const [, entry, environment] of forms) {
      const inside = { VpcConfig: { Subnets: [SUBNET], SecurityGroupIds: [SG] } };
      expect(invokeInFreshProcess(entry, environment, request(inside))).toMatchObject({
        hookStatus: 'SUCCESS',
        clientRequestToken: 'token-1',
      });
      const outside = { VpcConfig: { Subnets: ['subnet-99999999'], SecurityGroupIds: [SG] } };
      expect(invokeInFreshProcess(entry, environment, request(outside))).toMatchObject({
        hookStatus: 'FAILED',
        errorCode: 'NonCompliant',
        message: 'subnets not in the allow-list: subnet-99999999',
      });
    }
  });

  it('judges a request without a token, as the guide documents one, and answers without a token', () => {
    for (const [, entry, environment] of forms) {
      const answer = invokeInFreshProcess(entry, environment, request({}, null));
      expect(answer).toMatchObject({ hookStatus: 'FAILED', errorCode: 'NonCompliant' });
      expect(answer).not.toHaveProperty('clientRequestToken');
    }
  });

  it('answers a malformed request per its failure mode (FAIL here) instead of throwing', () => {
    for (const [, entry, environment] of forms) {
      expect(invokeInFreshProcess(entry, environment, request('{}'))).toMatchObject({
        hookStatus: 'FAILED',
        errorCode: 'InternalFailure',
        clientRequestToken: 'token-1',
      });
    }
  });
});
