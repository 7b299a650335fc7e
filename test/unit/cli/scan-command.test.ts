import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { App, NestedStack, Stack, Stage } from 'aws-cdk-lib';
import { Annotations } from 'aws-cdk-lib/assertions';
import type { Log } from 'sarif';
import { main } from '../../../cli/main';
import * as scanTemplateModule from '../../../cli/scan/scan-template';
import { captureIo } from './capture-io';
import { onlyFinding, scan, template, TEMPLATES } from './run-scan';
import { appWithModels, modelWithoutVpc, modelWithVpcConfig } from '../../fixtures/cdk-apps/model-stack';
import { PROJECT_ROOT } from '../../support/project-root';
import { useScratchFolder } from '../../support/scratch-folder';

const SUBNET = 'subnet-0123456789abcdef0';
const SECURITY_GROUP = 'sg-0123456789abcdef0';

describe('scan of one template', () => {
  it('passes a model with literal, well-formed VPC settings and reports its line', async () => {
    const result = await scan(template('compliant.json'));
    expect(result.exitCode).toBe(0);
    expect(result.findings).toEqual([
      expect.objectContaining({
        location: template('compliant.json'),
        resource: 'InVpcModel',
        line: 5,
        compliance: 'COMPLIANT',
        unchecked: [],
      }),
    ]);
  });

  it('reads YAML short-form intrinsics and lists the values it could not check', async () => {
    const finding = await onlyFinding(template('compliant-short-form.yaml'));
    expect(finding).toMatchObject({ resource: 'ShortFormModel', line: 12, compliance: 'COMPLIANT' });
    expect(finding.unchecked).toEqual([
      'a subnet is Ref PrivateSubnet',
      'a subnet is Fn::Select [0,{"Fn::Split":[",",{"Fn::ImportValue":"network-PrivateSubn…',
      'a security group is Fn::GetAtt ModelSecurityGroup.GroupId',
    ]);
  });

  it('fails a model without VpcConfig, exit code 1, without printing container settings', async () => {
    const result = await scan(template('no-vpc-config.json'));
    expect(result.exitCode).toBe(1);
    expect(result.findings[0]).toMatchObject({
      compliance: 'NON_COMPLIANT',
      reasons: ['VpcConfig is absent: the model is not in a VPC'],
    });
    expect(result.stdout).not.toContain('do-not-print-this-token');
  });

  it.each([
    ['empty-lists.json', ['VpcConfig.Subnets is empty', 'VpcConfig.SecurityGroupIds is empty']],
    ['invalid-subnet-id.json', ["VpcConfig.Subnets has invalid subnet IDs: 'default'"]],
    [
      'if-removes-vpc-config.yaml',
      [
        'condition UseVpc can deploy the model without a VPC (when UseVpc=false)',
        'when UseVpc=false: VpcConfig is absent: the model is not in a VPC',
      ],
    ],
    [
      'if-in-subnets.yaml',
      [
        'condition HasPrivateSubnet can deploy the model without a VPC (when HasPrivateSubnet=false)',
        'when HasPrivateSubnet=false: VpcConfig.Subnets is empty',
      ],
    ],
  ])('fails %s with the reasons', async (name, reasons) => {
    const finding = await onlyFinding(template(name));
    expect(finding).toMatchObject({ compliance: 'NON_COMPLIANT', reasons });
  });

  it.each(['if-both-branches-in-vpc.yaml', 'resource-condition.yaml'])(
    'passes %s: every branch that can be deployed is in a VPC',
    async (name) => {
      expect(await onlyFinding(template(name))).toMatchObject({ compliance: 'COMPLIANT' });
    },
  );

  it('checks subnets against --subnet-ids like the deployed rule', async () => {
    expect(await onlyFinding(template('allow-list.json'))).toMatchObject({ compliance: 'COMPLIANT' });
    const finding = await onlyFinding(
      '--subnet-ids',
      'subnet-0123456789abcdef0',
      template('allow-list.json'),
    );
    expect(finding).toMatchObject({
      compliance: 'NON_COMPLIANT',
      reasons: ['subnets not in the allow-list: subnet-0aaaaaaaaaaaaaaaa'],
    });
  });

  it('counts parameter references as present, and reads "true" as network isolation', async () => {
    const finding = await onlyFinding('--require-network-isolation', template('ref-parameters.json'));
    expect(finding).toMatchObject({
      compliance: 'COMPLIANT',
      unchecked: ['VpcConfig.Subnets is Ref SubnetIds', 'a security group is Ref SecurityGroupId'],
    });
  });

  it('exempts a model by a literal tag given with --exemption-tag', async () => {
    expect(await onlyFinding(template('exempt-by-tag.json'))).toMatchObject({ compliance: 'NON_COMPLIANT' });
    const result = await scan('--exemption-tag', 'vpc-exempt=approved', template('exempt-by-tag.json'));
    expect(result.exitCode).toBe(0);
    expect(result.findings[0]).toMatchObject({ compliance: 'NOT_APPLICABLE' });
  });

  it('reports a template that cannot be parsed as an ERROR naming the file and the problem, exit code 2', async () => {
    const result = await scan(template('unparseable.template'));
    expect(result.exitCode).toBe(2);
    expect(result.findings).toEqual([
      expect.objectContaining({
        location: template('unparseable.template'),
        resource: '(file)',
        compliance: 'ERROR',
      }),
    ]);
    expect(result.findings[0]).toMatchObject({
      line: 6,
      reasons: [
        'cannot parse the template: YAML error BAD_INDENT at line 6: a collection is not indented enough or not closed',
      ],
    });
    expect(result.stderr).toContain(`error: ${template('unparseable.template')}`);
  });

  it.each(['json', 'table', 'csv', 'junit', 'sarif'])(
    'never quotes the source of a template it cannot parse (%s), where an Environment value may be',
    async (format) => {
      const result = await scan(
        '--format',
        format,
        template('secret-in-block-scalar-header.yaml'),
        template('secret-in-unresolved-alias.yaml'),
        template('secret-in-unclosed-json-string.json'),
      );
      expect(result.exitCode).toBe(2);
      expect(result.stderr.split('\n')).toEqual([
        `error: ${template('secret-in-block-scalar-header.yaml')}:11: cannot parse the template: YAML error UNEXPECTED_TOKEN at line 11: unexpected characters (for example after a block scalar header)`,
        `error: ${template('secret-in-unresolved-alias.yaml')}:11: cannot parse the template: YAML error UNRESOLVED_ALIAS at line 11: an alias refers to no earlier anchor`,
        `error: ${template('secret-in-unclosed-json-string.json')}:9: cannot parse the template: JSON error UnexpectedEndOfString at line 9: the file is not valid JSON`,
        '',
      ]);
      expect(result.stdout).toContain('YAML error UNRESOLVED_ALIAS at line 11');
      expect(result.stdout + result.stderr).not.toMatch(/hunter2|SECRET/);
    },
  );

  it('rejects a self-referencing YAML value, and still scans the other files', async () => {
    const result = await scan(template('self-referencing-subnets.yaml'), template('compliant.json'));
    expect(result.exitCode).toBe(2);
    expect(result.findings).toEqual([
      expect.objectContaining({
        location: template('self-referencing-subnets.yaml'),
        line: 11,
        compliance: 'ERROR',
        reasons: [
          'cannot parse the template: YAML error CYCLIC_ALIAS at line 11: an alias refers to a value that contains it',
        ],
      }),
      expect.objectContaining({ resource: 'InVpcModel', compliance: 'COMPLIANT' }),
    ]);
  });

  it('turns an unexpected failure on one file into an ERROR for that file, without its message', async () => {
    const failure = new RangeError('Maximum call stack size exceeded near hunter2-SECRET');
    const scanTemplate = jest.spyOn(scanTemplateModule, 'scanTemplate').mockImplementationOnce(() => {
      throw failure;
    });
    try {
      const result = await scan(template('no-vpc-config.json'), template('compliant.json'));
      expect(result.exitCode).toBe(2);
      expect(result.findings).toEqual([
        expect.objectContaining({
          location: template('no-vpc-config.json'),
          resource: '(file)',
          compliance: 'ERROR',
          reasons: ['cannot be scanned: unexpected RangeError'],
        }),
        expect.objectContaining({ resource: 'InVpcModel', compliance: 'COMPLIANT' }),
      ]);
      expect(result.stdout + result.stderr).not.toContain('hunter2');
    } finally {
      scanTemplate.mockRestore();
    }
  });

  it('keeps control characters of a file name off the terminal', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'scan-'));
    try {
      const path = join(directory, 'evil\u001b[2Jname.yaml');
      copyFileSync(template('unparseable.template'), path);
      const result = await scan(path);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toBe(
        `error: ${directory}/evil [2Jname.yaml:6: cannot parse the template: YAML error BAD_INDENT at line 6: a collection is not indented enough or not closed\n`,
      );
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('reports a named file that is not a template, and a missing path, as errors', async () => {
    const result = await scan(join(PROJECT_ROOT, 'package.json'), template('missing.yaml'));
    expect(result.exitCode).toBe(2);
    expect(result.findings.map((finding) => finding.reasons)).toEqual([
      ['cannot read: no such file or directory'],
      ['not a CloudFormation template: no Resources or AWSTemplateFormatVersion'],
    ]);
  });
});

describe('scan usage', () => {
  it.each([
    [[], /no PATH given/],
    [
      ['--subnet-ids', 'default', 'x.yaml'],
      /Invalid rule parameter subnetIds: 'default' is not subnet- .* \(from --subnet-ids\)/,
    ],
    [['--format', 'xml', 'x.yaml'], /--format 'xml' is not one of/],
    [['--region', 'eu-west-1', 'x.yaml'], /Unknown option '--region'/],
    [['--subnet-ids', '', 'x.yaml'], /^error: --subnet-ids is empty: leave the flag out to not use it\n$/],
  ])('rejects %j with exit code 2 and a message on stderr', async (args, message) => {
    const captured = captureIo();
    expect(await main(['scan', ...args], captured.io)).toBe(2);
    expect(captured.stderr()).toMatch(message);
    expect(captured.stdout()).toBe('');
  });

  it('prints its help', async () => {
    const captured = captureIo();
    expect(await main(['scan', '--help'], captured.io)).toBe(0);
    expect(captured.stdout()).toMatch(/^Usage: sagemaker-model-vpc scan \[options\] PATH\.\.\./);
  });
});

describe('scan report formats', () => {
  it('writes SARIF results with the template path and the resource line', async () => {
    const result = await scan(
      '--format',
      'sarif',
      template('compliant.json'),
      template('if-removes-vpc-config.yaml'),
    );
    expect(result.exitCode).toBe(1);
    const results = (JSON.parse(result.stdout) as Log).runs[0]?.results ?? [];
    expect(results).toHaveLength(1);
    expect(results[0]?.locations?.[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: template('if-removes-vpc-config.yaml') },
      region: { startLine: 10 },
    });
    expect(results[0]?.message.text).toContain('condition UseVpc can deploy the model without a VPC');
  });

  it('prints a table with path:line, verdict and reasons', async () => {
    const result = await scan('--format', 'table', template('no-vpc-config.json'));
    expect(result.stdout).toContain(
      `${template('no-vpc-config.json')}:5  PublicModel  NON_COMPLIANT             VpcConfig is absent`,
    );
  });
});

describe('scan of directories and CDK output', () => {
  const scratch = useScratchFolder('scan-');
  const write = scratch.write;
  const MODEL_WITHOUT_VPC = 'Resources:\n  Bare:\n    Type: AWS::SageMaker::Model\n';

  it('finds templates recursively, skipping node_modules, non-templates and broken non-templates', async () => {
    const found = write('stacks/app.yml', MODEL_WITHOUT_VPC);
    write('node_modules/pkg/template.yaml', MODEL_WITHOUT_VPC);
    write('config/settings.json', '{"name": "not a template"}');
    write('chart/values.yaml', 'image: {{ .Values.image }\n');
    write('README.md', MODEL_WITHOUT_VPC);

    const result = await scan(scratch.path);
    expect(result.findings.map((finding) => finding.location)).toEqual([found]);
    expect(result.exitCode).toBe(1);
  });

  it('matches template extensions whatever their case', async () => {
    const found = write('stacks/Stack.YAML', MODEL_WITHOUT_VPC);
    const result = await scan(scratch.path);
    expect(result.findings.map((finding) => [finding.location, finding.compliance])).toEqual([
      [found, 'NON_COMPLIANT'],
    ]);
  });

  it('reports a named directory without any template as an ERROR, exit code 2', async () => {
    write('config/settings.json', '{"name": "not a template"}');
    const empty = join(scratch.path, 'empty');
    mkdirSync(empty);
    const result = await scan(scratch.path, empty);
    expect(result.exitCode).toBe(2);
    expect(result.findings).toEqual([
      expect.objectContaining({
        location: scratch.path,
        compliance: 'ERROR',
        reasons: ['no CloudFormation templates found'],
      }),
      expect.objectContaining({
        location: empty,
        compliance: 'ERROR',
        reasons: ['no CloudFormation templates found'],
      }),
    ]);
    expect(result.stderr).toContain(`error: ${empty}: no CloudFormation templates found\n`);
  });

  it('passes a directory whose templates hold no SageMaker model', async () => {
    write('bucket.yaml', 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n');
    const result = await scan('--format', 'table', scratch.path);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('No models found.\n\n0 models\n');
  });

  it('reads the stacks a cdk.out manifest lists: a missing one is an ERROR, none at all too', async () => {
    const manifest = (artifacts: Record<string, unknown>): string =>
      JSON.stringify({ version: '36.0.0', artifacts });
    const stack = (templateFile: string) => ({
      type: 'aws:cloudformation:stack',
      properties: { templateFile },
    });
    write(
      'listed/cdk.out/manifest.json',
      manifest({ Present: stack('Present.json'), Gone: stack('Gone.template.json') }),
    );
    write('listed/cdk.out/Present.json', '{"Resources": {"Bare": {"Type": "AWS::SageMaker::Model"}}}');
    write(
      'bare/cdk.out/manifest.json',
      manifest({ Tree: { type: 'cdk:tree', properties: { file: 'tree.json' } } }),
    );

    const listed = await scan(join(scratch.path, 'listed'));
    expect(listed.findings.map((finding) => [finding.location, finding.compliance, finding.reasons])).toEqual(
      [
        [
          join(scratch.path, 'listed/cdk.out/Present.json'),
          'NON_COMPLIANT',
          ['VpcConfig is absent: the model is not in a VPC'],
        ],
        [
          join(scratch.path, 'listed/cdk.out/Gone.template.json'),
          'ERROR',
          ['cannot read: no such file or directory'],
        ],
      ],
    );
    expect(listed.exitCode).toBe(2);

    const bare = await scan(join(scratch.path, 'bare'));
    expect(bare.findings).toEqual([
      expect.objectContaining({
        location: join(scratch.path, 'bare'),
        reasons: ['no CloudFormation templates found'],
      }),
    ]);
    expect(bare.exitCode).toBe(2);
  });

  it('judges every fixture template of a directory', async () => {
    const result = await scan(TEMPLATES);
    const verdicts = result.findings
      .filter((finding) => finding.resource !== '(file)')
      .map((finding) => `${relative(TEMPLATES, finding.location)} ${finding.resource} ${finding.compliance}`);
    expect(result.findings.filter((finding) => finding.resource === '(file)')).toEqual(
      Array.from({ length: 5 }, () => expect.objectContaining({ compliance: 'ERROR' })),
    );
    expect(verdicts.sort()).toEqual([
      'allow-list.json OtherSubnetModel COMPLIANT',
      'compliant-short-form.yaml ShortFormModel COMPLIANT',
      'compliant.json InVpcModel COMPLIANT',
      'empty-lists.json EmptyListsModel NON_COMPLIANT',
      'exempt-by-tag.json ExemptModel NON_COMPLIANT',
      'if-both-branches-in-vpc.yaml EitherVpcModel COMPLIANT',
      'if-in-subnets.yaml ConditionalSubnetModel NON_COMPLIANT',
      'if-removes-vpc-config.yaml SometimesPublicModel NON_COMPLIANT',
      'invalid-subnet-id.json DefaultSubnetModel NON_COMPLIANT',
      'no-vpc-config.json PublicModel NON_COMPLIANT',
      'real-world/duplicate-key-in-policy.json ScoringModel NON_COMPLIANT',
      'real-world/duplicate-key-in-policy.yaml PublicModel NON_COMPLIANT',
      'real-world/region-mappings.yaml MappedModel COMPLIANT',
      'real-world/region-mappings.yaml StagingOpenModel NON_COMPLIANT',
      'real-world/sam-inference-api.yaml ScoringModel COMPLIANT',
      'real-world/split-parameters.json SplitModel COMPLIANT',
      'ref-parameters.json ParameterisedModel COMPLIANT',
      'resource-condition.yaml ProdOnlyModel COMPLIANT',
    ]);
    expect(result.warnings).toHaveLength(3);
    expect(result.exitCode).toBe(2);
  });

  it('reads a cdk.out folder: stacks, stages (nested assemblies) and nested stacks, named by construct path', async () => {
    // The CDK CLI turns path metadata on; an in-process app needs it asked for.
    const app = new App({
      outdir: join(scratch.path, 'cdk.out'),
      context: { 'aws:cdk:enable-path-metadata': true },
    });
    modelWithVpcConfig(new Stack(app, 'Private'), 'Model', {
      subnets: [SUBNET],
      securityGroupIds: [SECURITY_GROUP],
    });
    const stage = new Stage(app, 'Prod');
    const stageStack = new Stack(stage, 'Serving');
    modelWithoutVpc(stageStack, 'Model');
    modelWithoutVpc(new NestedStack(stageStack, 'Inner'), 'Model');
    app.synth();

    const result = await scan(scratch.path);
    const verdicts = result.findings.map((finding) => [
      finding.resource.replace(/^\w+ /, ''),
      finding.compliance,
    ]);
    expect(verdicts.sort()).toEqual([
      ['(Private/Model)', 'COMPLIANT'],
      ['(Prod/Serving/Inner/Model)', 'NON_COMPLIANT'],
      ['(Prod/Serving/Model)', 'NON_COMPLIANT'],
    ]);
    expect(result.findings.every((finding) => typeof finding.line === 'number')).toBe(true);
  }, 30_000);

  it('agrees with the CDK Aspect on dynamic references: unchecked, not invalid IDs', async () => {
    const app = appWithModels(
      (stack) =>
        modelWithVpcConfig(stack, 'Model', {
          subnets: ['{{resolve:ssm:/network/private-subnet}}'],
          securityGroupIds: ['{{resolve:secretsmanager:network:SecretString:model-sg}}'],
        }),
      {},
      join(scratch.path, 'cdk.out'),
    );
    const stack = app.node.findChild('ModelStack') as Stack;
    app.synth();
    expect(Annotations.fromStack(stack).findError('*', /.*/)).toEqual([]);

    const result = await scan(scratch.path);
    expect(result.exitCode).toBe(0);
    expect(result.findings).toEqual([
      expect.objectContaining({
        compliance: 'COMPLIANT',
        unchecked: [
          'a subnet is dynamic reference {{resolve:ssm:/network/private-subnet}}',
          'a security group is dynamic reference {{resolve:secretsmanager:network:SecretString:model-sg}}',
        ],
      }),
    ]);
  }, 30_000);
});
