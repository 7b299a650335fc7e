import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { formatReport } from '../../../../cli/report';
import { auditFindings, auditMeta, scanFindings, scanMeta, scanMetaWithWarnings } from './sample';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
});

interface TestCase {
  name: string;
  classname: string;
  file?: string;
  line?: string;
  failure?: { message: string; type: string; '#text': string };
  error?: { message: string; type: string; '#text': string };
  skipped?: { message: string };
}

function parse(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  expect(schemaViolations(xml)).toEqual([]);
  return parser.parse(xml).testsuites as Record<string, string> & {
    testsuite: (Record<string, string> & {
      properties: { property: { name: string; value: string }[] };
      testcase: TestCase[];
    })[];
  };
}

/** One element as fast-xml-parser's preserveOrder mode gives it: `{ [tag]: children, ':@': attributes }`. */
type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };
const orderedParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  preserveOrder: true,
});
const tagOf = (node: OrderedNode): string => Object.keys(node).find((key) => key !== ':@') ?? '';
const childrenOf = (node: OrderedNode): OrderedNode[] => node[tagOf(node)] as OrderedNode[];

/**
 * The placement and formats the Ant/Jenkins JUnit schema (windyroad JUnit.xsd) imposes on what this
 * report writes: `testsuites` holds only `testsuite`s; each starts with `properties`, then only
 * `testcase`s, then at most `system-out` and `system-err`, in that order; the timestamp is an ISO 8601
 * date-time without fraction or zone; counts are integers; a testcase holds at most one verdict element.
 */
function schemaViolations(xml: string): string[] {
  const violations: string[] = [];
  const document = orderedParser.parse(xml) as OrderedNode[];
  const roots = document.filter((node) => tagOf(node) !== '?xml');
  if (roots.length !== 1 || tagOf(roots[0]!) !== 'testsuites') return ['the root is not one <testsuites>'];
  for (const suite of childrenOf(roots[0]!)) {
    if (tagOf(suite) !== 'testsuite') violations.push(`<${tagOf(suite)}> directly in <testsuites>`);
    const attributes = suite[':@'] ?? {};
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(attributes.timestamp ?? ''))
      violations.push(`timestamp '${attributes.timestamp}' is not yyyy-MM-ddTHH:mm:ss`);
    for (const count of ['tests', 'failures', 'errors', 'skipped']) {
      if (!/^\d+$/.test(attributes[count] ?? ''))
        violations.push(`${count} '${attributes[count]}' is not an integer`);
    }
    if (!attributes.name) violations.push('a testsuite has no name');
    const [first, ...rest] = childrenOf(suite);
    if (first === undefined || tagOf(first) !== 'properties')
      violations.push('a testsuite does not start with <properties>');
    else if (childrenOf(first).some((property) => tagOf(property) !== 'property' || !property[':@']?.name))
      violations.push('<properties> holds something other than named <property> elements');
    const order = rest.map(tagOf).join(' ');
    if (!/^(testcase ?)*(system-out ?)?(system-err)?$/.test(order))
      violations.push(`a testsuite holds '${order}' after <properties>`);
    for (const testcase of rest.filter((node) => tagOf(node) === 'testcase')) {
      if (childrenOf(testcase).length > 1) violations.push('a testcase has more than one verdict element');
    }
  }
  return violations;
}

describe('junit report', () => {
  it('is well-formed XML with one suite per region and the counts CI servers read', () => {
    const root = parse(formatReport(auditFindings(), 'junit', auditMeta));
    expect(root).toMatchObject({
      name: 'sagemaker-model-vpc audit',
      tests: '4',
      failures: '1',
      errors: '1',
      skipped: '1',
    });
    expect(
      root.testsuite.map((suite) => [suite.name, suite.tests, suite.failures, suite.errors, suite.skipped]),
    ).toEqual([
      ['eu-west-1', '2', '1', '0', '0'],
      ['us-east-1', '2', '0', '1', '1'],
    ]);
    for (const suite of root.testsuite) {
      expect(suite.timestamp).toBe('2025-01-02T03:04:05');
      expect(suite.properties.property).toContainEqual({
        name: 'subnetIds',
        value: 'subnet-0123456789abcdef0',
      });
      expect(suite.properties.property).toContainEqual({ name: 'region', value: 'us-east-1' });
    }
  });

  it('maps each verdict to the element CI servers understand, escaping names and messages', () => {
    const [eu, us] = parse(formatReport(auditFindings(), 'junit', auditMeta)).testsuite;
    const [compliant, nonCompliant] = eu!.testcase;
    expect(compliant).toEqual({ name: 'fraud-scorer', classname: 'eu-west-1' });
    expect(nonCompliant!.failure).toEqual({
      message: 'VpcConfig is absent: the model is not in a VPC',
      type: 'NON_COMPLIANT',
      '#text': 'VpcConfig is absent: the model is not in a VPC',
    });
    const [exempt, error] = us!.testcase;
    expect(exempt!.skipped).toEqual({ message: 'Exempted by tag vpc-exempt=true' });
    expect(error!.name).toBe('quote"&<tag>,comma');
    expect(error!.error).toMatchObject({ type: 'ERROR' });
    expect(error!.error!['#text']).toContain('User is not authorized\nto perform');
  });

  it("puts warnings in the system-err of their template's suite, in a suite of their own if need be", () => {
    const xml = formatReport(scanFindings(), 'junit', scanMetaWithWarnings);
    const root = parse(xml);
    expect(root.tests).toBe('2');
    const suites = root.testsuite as unknown as { name: string; tests: string; 'system-err'?: string }[];
    expect(suites.map((suite) => [suite.name, suite.tests, suite['system-err']])).toEqual([
      [
        'templates/inference stack.yaml',
        '2',
        "warning: templates/inference stack.yaml:23: duplicate key 'Effect' (first at line 21): the last one is used, as CloudFormation does",
      ],
      [
        'data/huge.json',
        '0',
        'warning: data/huge.json: skipped: 12.0 MB, more than the 5.0 MB the scan reads',
      ],
    ]);
  });

  it('finds a system-err out of place', () => {
    const xml = formatReport(scanFindings(), 'junit', scanMetaWithWarnings).replace(
      /(<properties>)/,
      '<system-err>early</system-err>\n$1',
    );
    expect(schemaViolations(xml)).toContain('a testsuite does not start with <properties>');
    const late = formatReport(scanFindings(), 'junit', scanMeta).replace(
      /(<testcase )/,
      '<system-err>early</system-err>\n$1',
    );
    expect(schemaViolations(late)).toEqual([
      "a testsuite holds 'system-err testcase testcase' after <properties>",
    ]);
  });

  it('gives scan test cases their file and line', () => {
    const [suite] = parse(formatReport(scanFindings(), 'junit', scanMeta)).testsuite;
    expect(suite!.testcase[0]).toMatchObject({ file: 'templates/inference stack.yaml', line: '12' });
    expect(suite!.testcase[1]).not.toHaveProperty('line');
  });

  it('finds what breaks the schema: properties at the root, a timestamp with a zone', () => {
    const xml = formatReport(auditFindings(), 'junit', auditMeta);
    const misplaced = xml.replace(
      /(<testsuites[^>]*>)/,
      '$1\n  <properties><property name="a" value="b"/></properties>',
    );
    expect(schemaViolations(misplaced)).toContain('<properties> directly in <testsuites>');
    expect(schemaViolations(xml.replace(/timestamp="([^"]+)"/g, 'timestamp="$1.000Z"'))).toContain(
      "timestamp '2025-01-02T03:04:05.000Z' is not yyyy-MM-ddTHH:mm:ss",
    );
  });

  it('drops characters XML cannot carry instead of producing an unreadable file', () => {
    const [finding] = auditFindings();
    const xml = formatReport(
      [{ ...finding!, compliance: 'ERROR', reasons: ['bad \u0001 byte'] }],
      'junit',
      auditMeta,
    );
    expect(parse(xml).testsuite[0]!.testcase[0]!.error!['#text']).toBe('bad  byte');
  });
});
