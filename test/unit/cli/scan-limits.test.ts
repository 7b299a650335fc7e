import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  MAX_NESTING_DEPTH,
  MAX_TEMPLATE_BYTES,
  MAX_YAML_TEMPLATE_BYTES,
  MAX_YAML_TOKENS,
} from '../../../cli/scan/limits';
import { useScratchFolder } from '../../support/scratch-folder';
import { scan } from './run-scan';

const MODEL_WITHOUT_VPC = 'Resources:\n  Bare:\n    Type: AWS::SageMaker::Model\n';
const TOO_DEEP = MAX_NESTING_DEPTH + 1;

const scratch = useScratchFolder('scan-limits-');
const write = scratch.write;

const deepJson = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const deepYaml = (depth: number): string => `Resources:\n  X:\n    ${'- '.repeat(depth)}x\n`;
/** Two YAML tokens an item (`a` and `,`), and a few more around them. */
const flowSequence = (items: number): string => `${MODEL_WITHOUT_VPC}x: [${'a,'.repeat(items)}a]\n`;

describe('scan of files nested deeper than any template', () => {
  it.each([
    ['deep.json', deepJson(TOO_DEEP), 1],
    ['deep.yaml', deepYaml(TOO_DEEP), 3],
    ['deep-object.json', `{"Resources": ${'{"a":'.repeat(TOO_DEEP)}1${'}'.repeat(TOO_DEEP)}}`, 1],
  ])('refuses a named %s before building its data, as an ERROR with the line', async (name, text, line) => {
    const path = write(name, text);
    const result = await scan(path);
    expect(result.exitCode).toBe(2);
    expect(result.findings).toEqual([
      expect.objectContaining({
        location: path,
        line,
        compliance: 'ERROR',
        reasons: [
          `not scanned: it nests deeper than ${MAX_NESTING_DEPTH} levels (at line ${line}), which no template does`,
        ],
      }),
    ]);
  });

  it('accepts a template exactly at the limit', async () => {
    const path = write('limit.json', `{"Resources": {}, "Metadata": ${deepJson(MAX_NESTING_DEPTH - 1)}}`);
    expect((await scan(path)).exitCode).toBe(0);
  });

  it('skips a deep data file found in a directory with a note, and still judges the templates there', async () => {
    // The escape could spell AWS::SageMaker::Model, so the file is parsed, up to the depth limit.
    const deep = write('data/deep.json', `["caf\\u00e9", ${deepJson(10_000)}]`);
    const template = write('stack.yaml', MODEL_WITHOUT_VPC);
    const result = await scan(scratch.path);
    expect(result.exitCode).toBe(1);
    expect(result.findings).toEqual([expect.objectContaining({ location: template })]);
    expect(result.warnings).toEqual([
      {
        location: deep,
        line: 1,
        message: `skipped: it nests deeper than ${MAX_NESTING_DEPTH} levels (at line 1), which no template does`,
      },
    ]);
  });

  it('judges two 100,000-deep templates in one run without aborting', async () => {
    const first = write('first.yaml', deepYaml(100_000));
    const second = write('second.json', `{"AWSTemplateFormatVersion": ${deepJson(100_000)}}`);
    const result = await scan(first, second);
    expect(result.exitCode).toBe(2);
    expect(result.findings.map((finding) => [finding.location, finding.compliance])).toEqual([
      [first, 'ERROR'],
      [second, 'ERROR'],
    ]);
  });
});

describe('scan of files larger than any template', () => {
  const huge = `{"data": "${'x'.repeat(MAX_TEMPLATE_BYTES)}"}`;

  it('skips one found in a directory with a note, without reading it', async () => {
    const big = write('big.json', huge);
    write('stack.yaml', MODEL_WITHOUT_VPC);
    const result = await scan(scratch.path);
    expect(result.exitCode).toBe(1);
    expect(result.warnings).toEqual([
      {
        location: big,
        message:
          'skipped: 5.0 MB, more than the 5.0 MB the scan reads (CloudFormation takes templates of at most 1 MB)',
      },
    ]);
  });

  it.each([
    ['a file', 'big.json', huge, /^cannot read: 5\.0 MB, more than/],
    [
      'YAML, refused before parsing,',
      'big.yaml',
      `${MODEL_WITHOUT_VPC}# ${'x'.repeat(MAX_YAML_TEMPLATE_BYTES)}\n`,
      /^not scanned: 1\.0 MB of YAML, more than the 1\.0 MB the scan parses as YAML \(CloudFormation takes templates of at most 1 MB\)$/,
    ],
    [
      'YAML of too many tokens, refused before the parser builds it,',
      'series.yaml',
      flowSequence(MAX_YAML_TOKENS / 2),
      new RegExp(
        `^not scanned: it holds more than ${MAX_YAML_TOKENS} YAML tokens, which no template does \\(a 1 MB template holds about 90000\\)$`,
      ),
    ],
  ])('reports %s named on the command line as an ERROR naming the limit', async (_, name, text, reason) => {
    const big = write(name, text);
    const result = await scan(big);
    expect(result.exitCode).toBe(2);
    expect(result.findings).toEqual([
      expect.objectContaining({
        location: big,
        compliance: 'ERROR',
        reasons: [expect.stringMatching(reason)],
      }),
    ]);
  });
});

describe('scan of YAML with more tokens than any template', () => {
  it('skips a data file found in a directory with a note, and judges the templates there', async () => {
    // The escape could spell AWS::SageMaker::Model, so the file is parsed, up to the token limit.
    const series = write(
      'data/series.yaml',
      `name: "caf\\u00e9"\nx: [${'a,'.repeat(MAX_YAML_TOKENS / 2)}a]\n`,
    );
    const template = write('stack.yaml', MODEL_WITHOUT_VPC);
    const result = await scan(scratch.path);
    expect(result.exitCode).toBe(1);
    expect(result.findings.map((finding) => finding.location)).toEqual([template]);
    expect(result.warnings).toEqual([
      {
        location: series,
        message: `skipped: it holds more than ${MAX_YAML_TOKENS} YAML tokens, which no template does (a 1 MB template holds about 90000)`,
      },
    ]);
  });

  it('parses one just within the limit', async () => {
    const path = write('series.yaml', flowSequence(MAX_YAML_TOKENS / 2 - 20));
    expect((await scan(path)).findings).toEqual([
      expect.objectContaining({ resource: 'Bare', compliance: 'NON_COMPLIANT' }),
    ]);
  });

  it('judges every model of a template of real shape just under 1 MB, well within the limit', async () => {
    const resource = (n: number): string =>
      [
        `  Model${n}:`,
        '    Type: AWS::SageMaker::Model',
        '    Properties:',
        `      ModelName: !Sub "\${AWS::StackName}-model-${n}"`,
        `      ExecutionRoleArn: !GetAtt ModelRole${n}.Arn`,
        '      PrimaryContainer:',
        `        Image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/model:${n}`,
        '        Environment:',
        '          LOG_LEVEL: info',
        '      VpcConfig:',
        '        Subnets:',
        '          - subnet-0a1b2c3d4e5f60718',
        '          - !Ref PrivateSubnet',
        '        SecurityGroupIds: [sg-0123456789abcdef0]',
        '      Tags:',
        '        - Key: team',
        '          Value: ml',
        `  ModelRole${n}:`,
        '    Type: AWS::IAM::Role',
        '    Properties:',
        '      AssumeRolePolicyDocument:',
        '        Statement:',
        '          - Effect: Allow',
        '            Principal: { Service: sagemaker.amazonaws.com }',
        '            Action: sts:AssumeRole',
        '',
      ].join('\n');
    const models = Math.floor((MAX_YAML_TEMPLATE_BYTES * 0.95) / resource(0).length);
    const text = `Resources:\n${Array.from({ length: models }, (_, n) => resource(n)).join('')}`;
    const result = await scan(write('large.yaml', text));
    expect(result.exitCode).toBe(0);
    expect(result.findings).toHaveLength(models);
    expect(result.findings.every((finding) => finding.compliance === 'COMPLIANT')).toBe(true);
  });
});

describe('scan of files that cannot hold a model', () => {
  it('does not parse a file found in a directory that never spells AWS::SageMaker::Model', async () => {
    write('events.json', '{"event": 1}\n{"event": 2}\n');
    write('broken-bucket.yaml', 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n  - oops\n');
    const template = write('stack.yaml', MODEL_WITHOUT_VPC);
    const result = await scan(scratch.path);
    expect(result.exitCode).toBe(1);
    expect(result.findings.map((finding) => finding.location)).toEqual([template]);
    expect(result.warnings).toEqual([]);
  });

  it('still judges a model whose type is spelt with an escape', async () => {
    const escaped = write('escaped.json', '{"Resources": {"Bare": {"Type": "AWS::SageMaker::\\u004dodel"}}}');
    const result = await scan(scratch.path);
    expect(result.findings.map((finding) => [finding.location, finding.compliance])).toEqual([
      [escaped, 'NON_COMPLIANT'],
    ]);
  });

  it('reports a .json file that is not JSON with the JSON error and line, a named one as an ERROR', async () => {
    const lines = write('events.json', '{"Type": "AWS::SageMaker::Model"}\n{"event": 2}\n');
    const result = await scan(lines);
    expect(result.exitCode).toBe(2);
    expect(result.findings).toEqual([
      expect.objectContaining({
        line: 2,
        reasons: [
          'cannot parse the template: JSON error EndOfFileExpected at line 2: the file is not valid JSON',
        ],
      }),
    ]);
  });

  it('reads a non-.json template in YAML flow style, which starts like JSON, as YAML', async () => {
    const flow = write('stack.template', '{Resources: {Bare: {Type: AWS::SageMaker::Model}}}\n');
    expect((await scan(flow)).findings).toEqual([
      expect.objectContaining({ resource: 'Bare', compliance: 'NON_COMPLIANT' }),
    ]);
  });
});

describe('scan of paths that are not regular files', () => {
  it.each([
    ['/dev/null', 'a character device'],
    ['/dev/urandom', 'a character device'],
  ])('reports a named %s as an ERROR without reading it', async (path, kind) => {
    const result = await scan(path);
    expect(result.exitCode).toBe(2);
    expect(result.findings).toEqual([
      expect.objectContaining({ location: path, reasons: [`cannot read: ${kind}, not a regular file`] }),
    ]);
  });

  it('skips, with a note, a link to a device that has a template name in a directory', async () => {
    symlinkSync('/dev/urandom', join(scratch.path, 'random.json'));
    const template = write('stack.yaml', MODEL_WITHOUT_VPC);
    const result = await scan(scratch.path);
    expect(result.exitCode).toBe(1);
    expect(result.findings.map((finding) => finding.location)).toEqual([template]);
    expect(result.warnings).toEqual([
      {
        location: join(scratch.path, 'random.json'),
        message: 'skipped: a symbolic link to a character device, not to a regular file',
      },
    ]);
  });
});

describe('scan of symbolic links in a directory', () => {
  it('scans a linked template and walks a linked directory, under the link names, each file once', async () => {
    const shared = mkdtempSync(join(tmpdir(), 'scan-shared-'));
    try {
      writeFileSync(join(shared, 'model.yaml'), MODEL_WITHOUT_VPC);
      writeFileSync(join(shared, 'other.yaml'), MODEL_WITHOUT_VPC);
      const project = join(scratch.path, 'project');
      mkdirSync(project);
      symlinkSync(join(shared, 'model.yaml'), join(project, 'linked.yaml'));
      symlinkSync(shared, join(project, 'shared'));
      const result = await scan(project);
      expect(result.exitCode).toBe(1);
      // shared/model.yaml is linked.yaml: one file, reported once, under the first path found.
      expect(result.findings.map((finding) => [finding.location, finding.compliance])).toEqual([
        [join(project, 'linked.yaml'), 'NON_COMPLIANT'],
        [join(project, 'shared', 'other.yaml'), 'NON_COMPLIANT'],
      ]);
      expect(result.warnings).toEqual([]);
    } finally {
      rmSync(shared, { recursive: true, force: true });
    }
  });

  it('walks each directory once whatever the links that lead back to it, so a loop ends', async () => {
    const template = write('stacks/model.yaml', MODEL_WITHOUT_VPC);
    symlinkSync(scratch.path, join(scratch.path, 'stacks', 'back-to-root'));
    symlinkSync('.', join(scratch.path, 'self'));
    const result = await scan(scratch.path);
    expect(result.findings.map((finding) => finding.location)).toEqual([template]);
  });

  it('reports broken and looping links with a template name as skipped, never silently', async () => {
    symlinkSync(join(scratch.path, 'gone.yaml'), join(scratch.path, 'broken.yaml'));
    symlinkSync(join(scratch.path, 'loop-b.json'), join(scratch.path, 'loop-a.json'));
    symlinkSync(join(scratch.path, 'loop-a.json'), join(scratch.path, 'loop-b.json'));
    write('stack.yaml', MODEL_WITHOUT_VPC);
    const result = await scan(scratch.path);
    expect(result.exitCode).toBe(1);
    expect(result.warnings).toEqual([
      { location: join(scratch.path, 'broken.yaml'), message: 'skipped: a broken symbolic link' },
      { location: join(scratch.path, 'loop-a.json'), message: 'skipped: a symbolic link in a loop' },
      { location: join(scratch.path, 'loop-b.json'), message: 'skipped: a symbolic link in a loop' },
    ]);
  });

  it.each([
    ['a folder and its subfolder', ['top', 'top/sub']],
    ['a subfolder and its folder', ['top/sub', 'top']],
    ['one folder under two spellings', ['top', './top']],
    ['a file and its folder', ['top/sub/model.yaml', 'top']],
  ])('credits the templates of %s to each path, reporting each file once', async (_, paths) => {
    const model = write('top/sub/model.yaml', MODEL_WITHOUT_VPC);
    const result = await scan(...paths.map((path) => `${scratch.path}/${path}`));
    expect(result.exitCode).toBe(1);
    expect(result.findings.map((finding) => [finding.location, finding.compliance])).toEqual([
      [model, 'NON_COMPLIANT'],
    ]);
  });
});
