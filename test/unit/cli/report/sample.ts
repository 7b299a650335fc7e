import type { Finding } from '../../../../cli/report/finding';
import type { ReportMeta } from '../../../../cli/report/report-meta';
import { loadFixture } from '../../../support/fixtures';

/** Four audit findings, one of each verdict, with characters every format must escape. */
export const auditFindings = (): Finding[] => loadFixture<Finding[]>('cli/findings-audit');
/** Two scan findings, one with a line number, in a template path with a space. */
export const scanFindings = (): Finding[] => loadFixture<Finding[]>('cli/findings-scan');

export const auditMeta: ReportMeta = {
  command: 'audit',
  parameters: { subnetIds: 'subnet-0123456789abcdef0', exemptionTag: 'vpc-exempt=true' },
  scope: ['eu-west-1', 'us-east-1'],
  generatedAt: new Date('2025-01-02T03:04:05.000Z'),
  warnings: [],
};

export const scanMeta: ReportMeta = {
  ...auditMeta,
  command: 'scan',
  scope: ['templates/inference stack.yaml'],
};

/** A scan with two warnings: a duplicate key in a template that also has findings, and a skipped file. */
export const scanMetaWithWarnings: ReportMeta = {
  ...scanMeta,
  warnings: [
    {
      location: 'templates/inference stack.yaml',
      line: 23,
      message: "duplicate key 'Effect' (first at line 21): the last one is used, as CloudFormation does",
    },
    { location: 'data/huge.json', message: 'skipped: 12.0 MB, more than the 5.0 MB the scan reads' },
  ],
};
