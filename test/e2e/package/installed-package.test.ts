import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../../support/project-root';

/**
 * Packing runs the package build (tsc and esbuild), and installing unpacks aws-cdk-lib: minutes on a
 * busy 2-core machine. Each step has its own limit, and beforeAll the sum of them.
 */
const PACK_TIMEOUT_MS = 600_000;
const INSTALL_TIMEOUT_MS = 600_000;
const STEP_TIMEOUT_MS = 300_000;

const PACKAGE_NAME = 'sagemaker-model-vpc-rule';
const SUBNET = 'subnet-0123456789abcdef0';
const SECURITY_GROUP = 'sg-0123456789abcdef0';

/** A user's CDK app in plain JavaScript: the rule, an alert on its results, a model and the Aspect. */
const USER_APP = `
const { App, Aspects, Stack } = require('aws-cdk-lib');
const config = require('aws-cdk-lib/aws-config');
const sagemaker = require('aws-cdk-lib/aws-sagemaker');
const { SageMakerModelVpcChecks, SageMakerModelVpcRule } = require('${PACKAGE_NAME}');

const app = new App();
const stack = new Stack(app, 'UserStack');
const modelsInVpc = new SageMakerModelVpcRule(stack, 'ModelsInVpc', {
  subnetIds: ['${SUBNET}'],
  maximumExecutionFrequency: config.MaximumExecutionFrequency.SIX_HOURS,
});
modelsInVpc.rule.onComplianceChange('ComplianceChanged');
new sagemaker.CfnModel(stack, 'Model', {
  executionRoleArn: 'arn:aws:iam::123456789012:role/SageMakerExecution',
  primaryContainer: { image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/model:1' },
  ...(process.env.MODEL_WITHOUT_VPC === 'true'
    ? {}
    : { vpcConfig: { subnets: ['${SUBNET}'], securityGroupIds: ['${SECURITY_GROUP}'] } }),
});
Aspects.of(app).add(new SageMakerModelVpcChecks({ subnetIds: ['${SUBNET}'] }));
`;

/** The same in TypeScript, type-checked against the package's declarations. */
const USER_TYPESCRIPT = `
import { App, Stack } from 'aws-cdk-lib';
import { MaximumExecutionFrequency } from 'aws-cdk-lib/aws-config';
import {
  SageMakerModelVpcChecks,
  SageMakerModelVpcRule,
  SageMakerModelVpcRuleStack,
  type SageMakerModelVpcRuleParameters,
} from '${PACKAGE_NAME}';
import { evaluateModel, type Verdict } from '${PACKAGE_NAME}/evaluator';

const parameters: SageMakerModelVpcRuleParameters = { subnetIds: ['${SUBNET}'], requireNetworkIsolation: true };
const stack = new Stack(new App(), 'Stack');
const rule = new SageMakerModelVpcRule(stack, 'Rule', {
  ...parameters,
  maximumExecutionFrequency: MaximumExecutionFrequency.ONE_HOUR,
});
const configRuleName: string | undefined = rule.rule?.configRuleName;
new SageMakerModelVpcChecks({ ...parameters, level: 'warning' });
new SageMakerModelVpcRuleStack(new App(), 'RuleStack', { rule: parameters });
const verdict: Verdict = evaluateModel(
  { vpcConfig: { Subnets: ['${SUBNET}'], SecurityGroupIds: ['${SECURITY_GROUP}'] }, enableNetworkIsolation: true },
  { requireNetworkIsolation: true },
);
// @ts-expect-error subnetIds is a list of IDs, not the rule parameter's comma-separated text
new SageMakerModelVpcRule(stack, 'Untyped', { subnetIds: '${SUBNET}' });
export { configRuleName, verdict };
`;

interface Packed {
  readonly filename: string;
  readonly size: number;
  readonly unpackedSize: number;
  readonly files: ReadonlyArray<{ readonly path: string }>;
}

/** Runs a command to its end; a command that could not start or ran out of time fails the test. */
function run(
  command: string,
  args: readonly string[],
  cwd: string,
  timeoutMs: number,
  env: NodeJS.ProcessEnv = {},
): SpawnSyncReturns<string> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')),
  );
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...inherited, CI: 'true', ...env },
  });
  if (result.error) throw new Error(`${command} ${args.join(' ')}: ${result.error.message}`);
  return result;
}

function succeed(result: SpawnSyncReturns<string>): string {
  expect({ status: result.status, stderr: result.status === 0 ? '' : result.stderr }).toEqual({
    status: 0,
    stderr: '',
  });
  return result.stdout;
}

/** The version in a package.json under the project root: its own, or an installed package's. */
const versionAt = (...folders: string[]): string =>
  (
    JSON.parse(readFileSync(path.join(PROJECT_ROOT, ...folders, 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;

describe('the package as a user installs it (npm pack, npm install)', () => {
  let work: string;
  let userDir: string;
  let packed: Packed;
  const cli = (): string => path.join(userDir, 'node_modules', '.bin', 'sagemaker-model-vpc');
  const cdk = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'cdk');

  beforeAll(() => {
    // Under the system temp directory, so that nothing of the project's node_modules is found from there.
    work = mkdtempSync(path.join(tmpdir(), 'installed-package-'));
    const pack = run('npm', ['pack', '--json', '--pack-destination', work], PROJECT_ROOT, PACK_TIMEOUT_MS);
    expect(pack.status).toBe(0);
    const [result] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as Packed[];
    if (!result) throw new Error(`npm pack reported no package: ${pack.stdout}`);
    packed = result;

    userDir = path.join(work, 'user-app');
    mkdirSync(userDir);
    writeFileSync(path.join(userDir, 'package.json'), JSON.stringify({ private: true }));
    // The peers at the project's own versions, which npm finds in its cache when the registry is away.
    const install = run(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        path.join(work, packed.filename),
        `aws-cdk-lib@${versionAt('node_modules', 'aws-cdk-lib')}`,
        `constructs@${versionAt('node_modules', 'constructs')}`,
      ],
      userDir,
      INSTALL_TIMEOUT_MS,
    );
    expect({ status: install.status, stderr: install.status === 0 ? '' : install.stderr }).toEqual({
      status: 0,
      stderr: '',
    });
  }, PACK_TIMEOUT_MS + INSTALL_TIMEOUT_MS);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('ships compiled JavaScript, declarations, the prebuilt Lambda bundles and the licence, no sources or tests', () => {
    const files = packed.files.map((file) => file.path);
    expect(files).toEqual(
      expect.arrayContaining([
        'LICENSE',
        'README.md',
        'CHANGELOG.md',
        'package.json',
        'dist/lib/index.js',
        'dist/lib/index.d.ts',
        'dist/evaluator/index.d.ts',
        'dist/bin/sagemaker-model-vpc.js',
        'dist/lambda-bundles/rule/asset/index.mjs',
        'dist/lambda-bundles/rule/inline/index.js',
      ]),
    );
    expect(files.filter((file) => /\.ts$/.test(file) && !file.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((file) => /^(test|scripts|bench|lambda)\//.test(file))).toEqual([]);
  });

  it('installs without a bundler or a TypeScript runner', () => {
    for (const tool of ['esbuild', 'tsx', 'typescript', 'ts-node']) {
      expect({ tool, installed: existsSync(path.join(userDir, 'node_modules', tool)) }).toEqual({
        tool,
        installed: false,
      });
    }
  });

  it(
    'runs the CLI through npx, from compiled JavaScript',
    () => {
      const help = succeed(
        run('npx', ['--no-install', 'sagemaker-model-vpc', '--help'], userDir, STEP_TIMEOUT_MS),
      );
      expect(help).toMatch(/^Usage: sagemaker-model-vpc <command> \[options\]/);
      expect(succeed(run(cli(), ['--version'], userDir, STEP_TIMEOUT_MS))).toBe(`${versionAt()}\n`);
    },
    2 * STEP_TIMEOUT_MS,
  );

  it(
    'loads each command on demand in the compiled CLI: help loads no SDK or YAML parser, scan no SDK',
    () => {
      /** Runs the CLI and lists the packages it loaded, by the files in require.cache at exit. */
      const packagesLoadedBy = (args: readonly string[]): { status: number | null; packages: string[] } => {
        const hook = path.join(work, 'loaded-packages.js');
        const report = path.join(work, 'loaded-packages.json');
        writeFileSync(
          hook,
          `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, ` +
            'JSON.stringify(Object.keys(require.cache))));',
        );
        const result = run(cli(), args, userDir, STEP_TIMEOUT_MS, { NODE_OPTIONS: `--require ${hook}` });
        const files = JSON.parse(readFileSync(report, 'utf8')) as string[];
        const packages = files.flatMap(
          (file) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1] ?? [],
        );
        return { status: result.status, packages: [...new Set(packages)].sort() };
      };
      expect(packagesLoadedBy(['--help'])).toEqual({ status: 0, packages: [PACKAGE_NAME] });
      const template = path.join(PROJECT_ROOT, 'test', 'fixtures', 'templates', 'no-vpc-config.json');
      expect(packagesLoadedBy(['scan', '--format', 'json', template])).toEqual({
        status: 1,
        // The template parsers (JSON with key positions, YAML), and no SDK.
        packages: ['jsonc-parser', PACKAGE_NAME, 'yaml'],
      });
    },
    2 * STEP_TIMEOUT_MS,
  );

  describe('a CDK app in JavaScript using the exported construct and Aspect, synthesized by the CDK CLI', () => {
    let outdir: string;
    let template: { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };

    beforeAll(() => {
      writeFileSync(path.join(userDir, 'app.js'), USER_APP);
      outdir = path.join(work, 'cdk.out');
      const synth = run(
        cdk,
        ['synth', '--quiet', '--no-notices', '--app', 'node app.js', '-o', outdir],
        userDir,
        STEP_TIMEOUT_MS,
      );
      succeed(synth);
      template = JSON.parse(readFileSync(path.join(outdir, 'UserStack.template.json'), 'utf8'));
    }, STEP_TIMEOUT_MS);

    const resourcesOf = (type: string) =>
      Object.entries(template.Resources).filter(([, r]) => r.Type === type);

    it('deploys the rule with the typed props, and an alert from rule.onComplianceChange()', () => {
      const [[configRuleId, configRule] = []] = resourcesOf('AWS::Config::ConfigRule');
      expect(configRule?.Properties).toMatchObject({
        ConfigRuleName: 'sagemaker-model-vpc-configured',
        InputParameters: { subnetIds: SUBNET },
      });
      expect(JSON.stringify(configRule?.Properties.Source)).toContain('Six_Hours');
      const [[, eventRule] = []] = resourcesOf('AWS::Events::Rule');
      expect(eventRule?.Properties.EventPattern).toEqual({
        source: ['aws.config'],
        'detail-type': ['Config Rules Compliance Change'],
        detail: { configRuleName: [{ Ref: configRuleId }] },
      });
    });

    it('uses the handler bundle built into the package as the function asset', () => {
      const assets = readdirSync(outdir).filter((entry) => entry.startsWith('asset.'));
      const assetDir = assets
        .map((asset) => path.join(outdir, asset))
        .find((dir) => existsSync(path.join(dir, 'index.mjs')));
      expect(assetDir).toBeDefined();
      const shipped = path.join(
        userDir,
        'node_modules',
        PACKAGE_NAME,
        'dist',
        'lambda-bundles',
        'rule',
        'asset',
      );
      expect(readFileSync(path.join(assetDir!, 'index.mjs'))).toEqual(
        readFileSync(path.join(shipped, 'index.mjs')),
      );
    });

    it(
      'fails synth when the Aspect finds a model outside the VPC',
      () => {
        const synth = run(
          cdk,
          ['synth', '--quiet', '--no-notices', '--app', 'node app.js', '-o', path.join(work, 'cdk.out.bad')],
          userDir,
          STEP_TIMEOUT_MS,
          { MODEL_WITHOUT_VPC: 'true' },
        );
        expect(synth.status).not.toBe(0);
        expect(synth.stdout + synth.stderr).toContain(
          'SageMaker model UserStack/Model is not confined to a VPC: VpcConfig is absent',
        );
      },
      STEP_TIMEOUT_MS,
    );
  });

  it(
    'judges a model through the evaluator entry without loading the CDK',
    () => {
      const script = `
        const { evaluateModel } = require('${PACKAGE_NAME}/evaluator');
        const verdict = evaluateModel({}, { requireNetworkIsolation: false });
        const cdkLoaded = Object.keys(require.cache).some((file) => file.includes('aws-cdk-lib'));
        console.log(JSON.stringify({ compliance: verdict.compliance, cdkLoaded }));`;
      const output = succeed(run(process.execPath, ['-e', script], userDir, STEP_TIMEOUT_MS));
      expect(JSON.parse(output)).toEqual({ compliance: 'NON_COMPLIANT', cdkLoaded: false });
    },
    STEP_TIMEOUT_MS,
  );

  it.each([
    ['node16', 'node16'],
    ['commonjs', 'node10'],
  ])(
    'type-checks a TypeScript app against the declarations (module %s, moduleResolution %s)',
    (module, moduleResolution) => {
      writeFileSync(path.join(userDir, 'check.ts'), USER_TYPESCRIPT);
      const project = `tsconfig.${moduleResolution}.json`;
      const compilerOptions = { strict: true, noEmit: true, skipLibCheck: true, types: [], target: 'es2022' };
      writeFileSync(
        path.join(userDir, project),
        JSON.stringify({
          compilerOptions: { ...compilerOptions, module, moduleResolution },
          files: ['check.ts'],
        }),
      );
      const tsc = path.join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
      const check = run(process.execPath, [tsc, '-p', project], userDir, STEP_TIMEOUT_MS);
      expect(check.stdout).toBe('');
      expect(check.status).toBe(0);
    },
    STEP_TIMEOUT_MS,
  );
});
