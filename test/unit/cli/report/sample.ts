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
};

export const scanMeta: ReportMeta = {
  ...auditMeta,
  command: 'scan',
  scope: ['templates/inference stack.yaml'],
};
