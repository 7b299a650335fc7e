import type { Log } from 'sarif';
import { singleLine, withoutControlCharacters } from '../../../../cli/report/control-characters';
import type { Finding } from '../../../../cli/report/finding';
import { formatReport, REPORT_FORMATS } from '../../../../cli/report';
import type { JsonReport } from '../../../../cli/report/json';
import { auditMeta, scanFindings, scanMeta } from './sample';

/** Every bidirectional mark, embedding, override and isolate (Trojan Source), and an ESC and a C1 CSI. */
const BIDI = '\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069';
const UNSAFE =
  /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const SPOOFED_NAME = `invoice\u202egpj.yaml\u001b[2J\u009b31m\u200f`;

function spoofedFinding(): Finding {
  const [finding] = scanFindings();
  return {
    ...finding!,
    location: SPOOFED_NAME,
    resource: `Model${BIDI}`,
    reasons: [`VpcConfig.Subnets has invalid subnet IDs: 'subnet-\u2066evil\u2069'`],
    annotation: `VpcConfig.Subnets has invalid subnet IDs: 'subnet-\u2066evil\u2069'`,
  };
}

describe('text from templates and APIs in every report format', () => {
  it.each(REPORT_FORMATS)('never writes a control or bidirectional override character raw (%s)', (format) => {
    const text = formatReport([spoofedFinding()], format, scanMeta);
    expect(text).not.toMatch(UNSAFE);
    expect(text).toContain('invoice');
  });

  it('keeps the exact values in JSON and SARIF, as \\u escapes a program reads back unchanged', () => {
    const report = JSON.parse(formatReport([spoofedFinding()], 'json', scanMeta)) as JsonReport;
    expect(report.findings[0]?.location).toBe(SPOOFED_NAME);
    expect(report.findings[0]?.resource).toBe(`Model${BIDI}`);
    const sarif = formatReport([spoofedFinding()], 'sarif', scanMeta);
    expect(sarif).toContain('\\u202e');
    expect((JSON.parse(sarif) as Log).runs[0]?.results?.[0]?.message.text).toContain('\u2066evil\u2069');
  });

  it('blanks them in the table and drops them in CSV and JUnit', () => {
    expect(formatReport([spoofedFinding()], 'table', scanMeta)).toContain('invoice gpj.yaml [2J 31m');
    expect(formatReport([spoofedFinding()], 'csv', auditMeta)).toContain('"invoicegpj.yaml[2J31m"');
    expect(formatReport([spoofedFinding()], 'junit', scanMeta)).toContain('name="Model"');
  });

  it('is one sanitiser: single lines blank every unsafe run, multi-line text keeps its line breaks', () => {
    expect(singleLine(`a${BIDI}b\r\nc`)).toBe('a b c');
    expect(withoutControlCharacters(`a${BIDI}b\r\nc\u0007`)).toBe('ab\r\nc');
  });
});
