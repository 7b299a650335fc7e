import { formatReport } from '../../../../cli/report';
import { JSON_REPORT_SCHEMA_VERSION, type JsonReport } from '../../../../cli/report/json';
import { toolVersion } from '../../../../cli/tool';
import { auditFindings, auditMeta, scanFindings, scanMeta, scanMetaWithWarnings } from './sample';

describe('json report', () => {
  it('carries the schema version, parameters, scope, summary and every finding', () => {
    const report = JSON.parse(formatReport(auditFindings(), 'json', auditMeta)) as JsonReport;
    expect(report).toMatchObject({
      schemaVersion: JSON_REPORT_SCHEMA_VERSION,
      tool: { name: 'sagemaker-model-vpc', version: toolVersion() },
      command: 'audit',
      generatedAt: '2025-01-02T03:04:05.000Z',
      parameters: { subnetIds: 'subnet-0123456789abcdef0', exemptionTag: 'vpc-exempt=true' },
      scope: ['eu-west-1', 'us-east-1'],
      summary: { total: 4, COMPLIANT: 1, NON_COMPLIANT: 1, NOT_APPLICABLE: 1, ERROR: 1 },
    });
    expect(report.findings).toEqual(auditFindings());
  });

  it('lists warnings in their own field, always present, leaving the summary alone', () => {
    const report = JSON.parse(formatReport(scanFindings(), 'json', scanMetaWithWarnings)) as JsonReport;
    expect(report.warnings).toEqual([
      {
        location: 'templates/inference stack.yaml',
        line: 23,
        message: "duplicate key 'Effect' (first at line 21): the last one is used, as CloudFormation does",
      },
      { location: 'data/huge.json', message: 'skipped: 12.0 MB, more than the 5.0 MB the scan reads' },
    ]);
    expect(report.summary.total).toBe(2);
    expect((JSON.parse(formatReport(scanFindings(), 'json', scanMeta)) as JsonReport).warnings).toEqual([]);
  });

  it('keeps the line of scan findings and leaves out fields that are unknown', () => {
    const report = JSON.parse(formatReport(scanFindings(), 'json', scanMeta)) as JsonReport;
    expect(report.findings[0]).toMatchObject({ line: 12 });
    expect(report.findings[1]).not.toHaveProperty('line');
    expect(report.findings[1]).not.toHaveProperty('resourceArn');
  });
});
