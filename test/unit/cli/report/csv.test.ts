import { formatReport } from '../../../../cli/report';
import { auditFindings, auditMeta, scanFindings, scanMeta, scanMetaWithWarnings } from './sample';

/** A strict RFC 4180 reader, so the test does not trust the writer's own escaping. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[index + 1] === '\n') {
      rows.push([...row, field]);
      row = [];
      field = '';
      index += 1;
    } else field += char;
  }
  return rows;
}

describe('csv report', () => {
  it('has a header and one row per finding, with quotes, commas and newlines preserved', () => {
    const rows = parseCsv(formatReport(auditFindings(), 'csv', auditMeta));
    expect(rows[0]).toEqual([
      'region',
      'resource',
      'resource_arn',
      'line',
      'compliance',
      'reasons',
      'unchecked',
      'annotation',
    ]);
    expect(rows).toHaveLength(5);
    expect(rows.every((row) => row.length === 8)).toBe(true);
    const odd = rows[4]!;
    expect(odd[1]).toBe('quote"&<tag>,comma');
    expect(odd[4]).toBe('ERROR');
    expect(odd[5]).toBe(auditFindings()[3]!.reasons[0]);
  });

  it('names the template column and fills in lines for scan', () => {
    const rows = parseCsv(formatReport(scanFindings(), 'csv', scanMeta));
    expect(rows[0]![0]).toBe('template');
    expect(rows[1]!.slice(0, 5)).toEqual([
      'templates/inference stack.yaml',
      'ScorerModel',
      '',
      '12',
      'NON_COMPLIANT',
    ]);
    expect(rows[2]![6]).toBe('VpcConfig.Subnets is Ref PrivateSubnets');
  });

  it('adds one WARNING row per warning after the findings', () => {
    const rows = parseCsv(formatReport(scanFindings(), 'csv', scanMetaWithWarnings));
    expect(rows).toHaveLength(5);
    expect(rows.slice(3).map((row) => row.slice(0, 6))).toEqual([
      [
        'templates/inference stack.yaml',
        '',
        '',
        '23',
        'WARNING',
        "duplicate key 'Effect' (first at line 21): the last one is used, as CloudFormation does",
      ],
      ['data/huge.json', '', '', '', 'WARNING', 'skipped: 12.0 MB, more than the 5.0 MB the scan reads'],
    ]);
  });

  it('drops control characters but the line breaks a quoted field may hold', () => {
    const [finding] = auditFindings();
    const text = formatReport(
      [
        {
          ...finding!,
          resource: 'model\u001b[2J',
          reasons: ['red \u001b[31malert\u0007\r\nnext\u009b line'],
        },
      ],
      'csv',
      auditMeta,
    );
    expect(text).not.toMatch(/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f]/);
    const [, row] = parseCsv(text);
    expect(row![1]).toBe('model[2J');
    expect(row![5]).toBe('red [31malert\r\nnext line');
  });

  it.each(['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\r=1', '\u0000=cmd|x', '\u202e=1'])(
    'neutralises a field that a spreadsheet would run as a formula: %j',
    (name) => {
      const [finding] = auditFindings();
      const [, row] = parseCsv(
        formatReport([{ ...finding!, resource: name, location: name }], 'csv', auditMeta),
      );
      expect(row![0]).toMatch(/^'[=+\-@\r]/);
      expect(row![1]).toBe(row![0]);
    },
  );

  it('quotes every field, so that no separator a spreadsheet may use splits one', () => {
    const [finding] = auditFindings();
    const text = formatReport([{ ...finding!, resource: 'a;=cmd' }], 'csv', auditMeta);
    const fields = text.split('\r\n')[1]!.split('","');
    expect(fields).toHaveLength(8);
    expect(fields[1]).toBe('a;=cmd');
    expect(text.split('\r\n')[0]).toBe(
      '"region","resource","resource_arn","line","compliance","reasons","unchecked","annotation"',
    );
  });
});
