import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_DUPLICATE_KEY_WARNINGS } from '../../../cli/scan/limits';
import { onlyFinding, scan, template } from './run-scan';

const realWorld = (name: string): string => template(`real-world/${name}`);

describe('scan of real-world template shapes', () => {
  it('judges the model of a SAM application, whose Globals and Transform do not apply to it', async () => {
    const finding = await onlyFinding(realWorld('sam-inference-api.yaml'));
    expect(finding).toMatchObject({ resource: 'ScoringModel', line: 35, compliance: 'COMPLIANT' });
    expect(finding.unchecked).toEqual([
      'VpcConfig.Subnets is Ref PrivateSubnetIds',
      'VpcConfig.SecurityGroupIds is Fn::Split [",",{"Ref":"ModelSecurityGroupIds"}]',
    ]);
  });

  it('takes an Fn::If to AWS::NoValue for network isolation as "not set" on that branch', async () => {
    const finding = await onlyFinding('--require-network-isolation', realWorld('sam-inference-api.yaml'));
    expect(finding).toMatchObject({
      compliance: 'NON_COMPLIANT',
      reasons: [
        'when IsProd=false: EnableNetworkIsolation is not true (required by requireNetworkIsolation)',
      ],
    });
  });

  it('reads Fn::FindInMap as unchecked, and fails the branch that AWS::NoValue leaves without a VPC', async () => {
    const { findings, exitCode } = await scan(realWorld('region-mappings.yaml'));
    expect(exitCode).toBe(1);
    expect(findings.map((finding) => [finding.resource, finding.compliance, finding.reasons])).toEqual([
      ['MappedModel', 'COMPLIANT', []],
      [
        'StagingOpenModel',
        'NON_COMPLIANT',
        [
          'condition IsProd can deploy the model without a VPC (when IsProd=false)',
          'when IsProd=false: VpcConfig is absent: the model is not in a VPC',
        ],
      ],
    ]);
    expect(findings[0]?.unchecked).toEqual([
      'VpcConfig.Subnets is Fn::FindInMap ["RegionNetwork",{"Ref":"AWS::Region"},"Subnets"]',
      'a security group is Fn::FindInMap ["RegionNetwork",{"Ref":"AWS::Region"},"SecurityGroup"]',
    ]);
  });

  it('judges both branches of an Fn::If over Fn::Split of parameters in a JSON template', async () => {
    const finding = await onlyFinding(realWorld('split-parameters.json'));
    expect(finding).toMatchObject({ resource: 'SplitModel', line: 12, compliance: 'COMPLIANT' });
    expect(finding.annotation).toMatch(/^every branch of condition HasExtraSubnet checked; /);
    expect(finding.unchecked).toContain(
      'a security group is dynamic reference {{resolve:ssm:/network/model-security-group}}',
    );
  });
});

describe('scan of templates with a key given twice', () => {
  it.each([
    ['duplicate-key-in-policy.yaml', 'PublicModel', 25, [[23, "duplicate key 'Effect' (first at line 21)"]]],
    [
      'duplicate-key-in-policy.json',
      'ScoringModel',
      29,
      [
        [14, "duplicate key 'Action' (first at line 13)"],
        [29, "duplicate key 'ScoringModel' (first at line 21)"],
      ],
    ],
  ])(
    'judges %s as CloudFormation reads it (the last value wins) and warns with key and line',
    async (name, resource, line, duplicates) => {
      const result = await scan(realWorld(name));
      expect(result.exitCode).toBe(1);
      expect(result.findings).toEqual([
        expect.objectContaining({
          resource,
          line,
          compliance: 'NON_COMPLIANT',
          reasons: ['VpcConfig is absent: the model is not in a VPC'],
        }),
      ]);
      expect(result.warnings).toEqual(
        duplicates.map(([warningLine, message]) => ({
          location: realWorld(name),
          line: warningLine,
          message: `${message}: the last one is used, as CloudFormation does`,
        })),
      );
      expect(result.stderr).toBe('');
    },
  );

  it('leaves the exit code to the verdicts: a compliant template with a duplicate key exits 0', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'scan-duplicate-'));
    try {
      const path = join(directory, 'compliant.yaml');
      writeFileSync(
        path,
        [
          'Resources:',
          '  Model:',
          '    Type: AWS::SageMaker::Model',
          '    Properties:',
          '      VpcConfig:',
          '        Subnets: [subnet-0123456789abcdef0]',
          '        Subnets: [subnet-0fedcba9876543210]',
          '        SecurityGroupIds: [sg-0123456789abcdef0]',
          '',
        ].join('\n'),
      );
      const result = await scan('--subnet-ids', 'subnet-0fedcba9876543210', path);
      expect(result.exitCode).toBe(0);
      expect(result.findings).toEqual([expect.objectContaining({ compliance: 'COMPLIANT' })]);
      expect(result.warnings).toEqual([expect.objectContaining({ line: 7 })]);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  const DUPLICATES = MAX_DUPLICATE_KEY_WARNINGS + 5;
  it.each([
    [
      'YAML',
      `Resources:\n  Bare:\n    Type: AWS::SageMaker::Model\nx: {${'a: 1, '.repeat(DUPLICATES)}a: 1}\n`,
      4,
    ],
    [
      'JSON',
      `{"Resources": {"Bare": {"Type": "AWS::SageMaker::Model"}},\n"x": {${'"a": 1, '.repeat(DUPLICATES)}"a": 1}}`,
      2,
    ],
  ])(
    'warns about the first duplicate keys of a %s file, counts the rest in one warning, and judges the model',
    async (syntax, text, line) => {
      const directory = mkdtempSync(join(tmpdir(), 'scan-duplicates-'));
      try {
        const path = join(directory, `many.${syntax.toLowerCase()}`);
        writeFileSync(path, text);
        const result = await scan(path);
        expect(result.exitCode).toBe(1);
        expect(result.findings).toEqual([expect.objectContaining({ resource: 'Bare' })]);
        expect(result.warnings).toHaveLength(MAX_DUPLICATE_KEY_WARNINGS + 1);
        expect(result.warnings[0]).toMatchObject({
          line,
          message: expect.stringMatching(/^duplicate key 'a'/),
        });
        expect(result.warnings.at(-1)).toEqual({
          location: path,
          message: 'and 5 more duplicate keys, not listed',
        });
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    },
  );
});
