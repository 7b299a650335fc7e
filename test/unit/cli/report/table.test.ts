import { errorFinding } from '../../../../cli/report/finding';
import { formatReport } from '../../../../cli/report';
import { auditFindings, auditMeta, scanFindings, scanMeta, scanMetaWithWarnings } from './sample';

describe('table report', () => {
  it('lists errors and non-compliant models first, in aligned columns, then a summary', () => {
    const lines = formatReport(auditFindings(), 'table', auditMeta).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^REGION\s+MODEL\s+VERDICT\s+DETAIL$/);
    expect(lines.slice(1, 5).map((line) => line.split(/\s{2,}/)[2])).toEqual([
      'ERROR',
      'NON_COMPLIANT',
      'COMPLIANT',
      'NOT_APPLICABLE',
    ]);
    const verdictColumn = lines[0]!.indexOf('VERDICT');
    for (const row of lines.slice(1, 5)) expect(row.slice(verdictColumn)).toMatch(/^[A-Z_]+ /);
    expect(lines[1]).toContain('User is not authorized to perform sagemaker:DescribeModel');
    expect(lines[2]).toContain('VpcConfig is absent: the model is not in a VPC');
    expect(lines[3]).toContain('VpcConfig has 2 subnets and 1 security group');
    expect(lines.at(-1)).toBe('3 models: 1 non-compliant, 1 compliant, 1 not-applicable; 1 error');
  });

  it('aligns a table of 150,000 models, more rows than a call can take as arguments', () => {
    const [finding] = scanFindings();
    const findings = Array.from({ length: 150_000 }, (_, index) => ({
      ...finding!,
      resource: `Model${index}`,
    }));
    const lines = formatReport(findings, 'table', scanMeta).split('\n');
    expect(lines[0]).toMatch(/^TEMPLATE\s+RESOURCE {5}VERDICT/);
    expect(lines).toHaveLength(150_000 + 4);
  });

  it('names templates and lines for scan', () => {
    const table = formatReport(scanFindings(), 'table', scanMeta);
    expect(table).toMatch(/^TEMPLATE\s+RESOURCE\s+VERDICT/);
    expect(table).toContain('templates/inference stack.yaml:12  ScorerModel');
  });

  it('lists warnings after the summary, one line each, with their place', () => {
    const lines = formatReport(scanFindings(), 'table', scanMetaWithWarnings).trimEnd().split('\n');
    expect(lines.slice(-7, -1)).toEqual([
      '2 models: 1 non-compliant, 1 compliant',
      expect.stringMatching(/^UNCHECKED: values a template computes at deploy time/),
      'the verdict takes them as present. --format json lists them.',
      '',
      'Warnings:',
      "  templates/inference stack.yaml:23: duplicate key 'Effect' (first at line 21): the last one is used, as CloudFormation does",
    ]);
    expect(lines.at(-1)).toBe('  data/huge.json: skipped: 12.0 MB, more than the 5.0 MB the scan reads');
    expect(formatReport(scanFindings(), 'table', scanMeta)).not.toContain('Warnings:');
  });

  it('always shows, in a column of its own, that a scan verdict rests on values computed at deploy time', () => {
    const [nonCompliant, compliant] = scanFindings();
    const cut = {
      ...compliant!,
      unchecked: ['a subnet is Ref A', 'a subnet is Ref B', 'a security group is Ref C'],
      annotation: 'VpcConfig has 3 subnets and 1 security group; (+1 more)',
    };
    const lines = formatReport([nonCompliant!, cut], 'table', scanMeta).split('\n');
    expect(lines[0]).toMatch(/^TEMPLATE\s+RESOURCE\s+VERDICT\s+UNCHECKED\s+DETAIL$/);
    const column = lines[0]!.indexOf('UNCHECKED');
    expect(lines[1]!.slice(column, column + 9)).toBe('         ');
    expect(lines[2]!.slice(column)).toBe(
      '3 values   VpcConfig has 3 subnets and 1 security group; (+1 more)',
    );
    expect(lines).toContain('the verdict takes them as present. --format json lists them.');
  });

  it('has no UNCHECKED column for an audit, whose values are all known', () => {
    const table = formatReport(auditFindings(), 'table', auditMeta);
    expect(table).not.toContain('UNCHECKED');
  });

  it('counts a template that could not be read as an error, not as a model', () => {
    const unreadable = errorFinding({ location: 'broken.yaml', resource: '(file)', line: 4 }, 'cannot parse');
    const lines = formatReport([...scanFindings(), unreadable], 'table', scanMeta).split('\n');
    expect(lines).toContain('2 models: 1 non-compliant, 1 compliant; 1 error');
    expect(formatReport([unreadable], 'table', scanMeta)).toContain('\n0 models; 1 error\n');
  });

  it('says so when there is nothing to report', () => {
    expect(formatReport([], 'table', auditMeta)).toBe('No models found.\n\n0 models\n');
  });
});
