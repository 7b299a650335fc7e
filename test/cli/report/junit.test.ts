import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { formatReport } from '../../../cli/report/format';
import { auditFindings, auditMeta, scanFindings, scanMeta } from './sample';

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
  return parser.parse(xml).testsuites as Record<string, string> & {
    properties: { property: { name: string; value: string }[] };
    testsuite: (Record<string, string> & { testcase: TestCase[] })[];
  };
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
    expect(root.properties.property).toContainEqual({ name: 'subnetIds', value: 'subnet-0123456789abcdef0' });
    expect(root.properties.property).toContainEqual({ name: 'region', value: 'us-east-1' });
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

  it('gives scan test cases their file and line', () => {
    const [suite] = parse(formatReport(scanFindings(), 'junit', scanMeta)).testsuite;
    expect(suite!.testcase[0]).toMatchObject({ file: 'templates/inference stack.yaml', line: '12' });
    expect(suite!.testcase[1]).not.toHaveProperty('line');
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
