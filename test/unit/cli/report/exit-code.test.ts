import { exitCodeFor } from '../../../../cli/report';
import type { Finding } from '../../../../cli/report/finding';
import { auditFindings } from './sample';

const only = (...verdicts: Finding['compliance'][]): Finding[] =>
  auditFindings().filter((finding) => verdicts.includes(finding.compliance));

describe('exit code', () => {
  it.each([
    [[], 0],
    [only('COMPLIANT', 'NOT_APPLICABLE'), 0],
    [only('COMPLIANT', 'NON_COMPLIANT'), 1],
    [only('ERROR'), 2],
    [only('NON_COMPLIANT', 'ERROR'), 2],
  ])('%j gives %i', (findings, code) => {
    expect(exitCodeFor(findings)).toBe(code);
  });
});
