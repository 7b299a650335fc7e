import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import type { Log } from 'sarif';
import { formatReport } from '../../../../cli/report';
import { NOT_EVALUATED_RULE_ID, NOT_IN_VPC_RULE_ID } from '../../../../cli/report/sarif';
import { auditFindings, auditMeta, scanFindings, scanMeta, scanMetaWithWarnings } from './sample';

/**
 * The OASIS SARIF 2.1.0 schema as @microsoft/jest-sarif ships it. It is draft-04: its `id` and
 * `$schema` are the only draft-04 keywords in it, so Ajv's default draft-07 reads the rest as written.
 * Formats (uri, date-time) are not checked: Ajv needs ajv-formats for those. The schema's `language`
 * pattern has a stray `]` that only non-unicode regular expressions accept.
 */
function sarifValidator() {
  const schema = JSON.parse(
    readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
  ) as Record<string, unknown>;
  delete schema.id;
  delete schema.$schema;
  return new Ajv({ strict: false, validateFormats: false, unicodeRegExp: false, allErrors: true }).compile(
    schema,
  );
}

const validate = sarifValidator();

function parseValid(text: string): Log {
  const log = JSON.parse(text);
  expect(validate(log) ? [] : validate.errors).toEqual([]);
  return log as Log;
}

describe('sarif report', () => {
  it('the validator rejects a log that breaks the schema', () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
  });

  it('is valid SARIF 2.1.0 with a result per non-compliant or error finding, located by ARN', () => {
    const log = parseValid(formatReport(auditFindings(), 'sarif', auditMeta));
    const run = log.runs[0]!;
    expect(run.tool.driver.rules!.map((rule) => rule.id)).toEqual([
      NOT_IN_VPC_RULE_ID,
      NOT_EVALUATED_RULE_ID,
    ]);
    expect(run.invocations![0]!.executionSuccessful).toBe(false);
    expect(run.results!.map((result) => [result.ruleId, result.ruleIndex, result.level])).toEqual([
      [NOT_IN_VPC_RULE_ID, 0, 'error'],
      [NOT_EVALUATED_RULE_ID, 1, 'error'],
    ]);
    expect(run.results![0]!.locations).toEqual([
      {
        physicalLocation: { artifactLocation: { uri: 'aws/eu-west-1/legacy-public' } },
        logicalLocations: [
          {
            name: 'legacy-public',
            fullyQualifiedName: 'arn:aws:sagemaker:eu-west-1:123456789012:model/legacy-public',
            kind: 'resource',
          },
        ],
      },
    ]);
    expect(run.results![0]!.message.text).toBe(
      'legacy-public: VpcConfig is absent: the model is not in a VPC',
    );
  });

  it('locates scan results in the template, by line when known', () => {
    const log = parseValid(formatReport(scanFindings(), 'sarif', scanMeta));
    const [result] = log.runs[0]!.results!;
    expect(log.runs[0]!.results).toHaveLength(1);
    expect(result!.locations![0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'templates/inference%20stack.yaml' },
      region: { startLine: 12 },
    });
    expect(log.runs[0]!.invocations![0]!.executionSuccessful).toBe(true);
  });

  it('gives every audit result a physical location, each segment of it encoded', () => {
    const log = parseValid(formatReport(auditFindings(), 'sarif', auditMeta));
    expect(log.runs[0]!.results!.map((result) => result.locations![0]!.physicalLocation)).toEqual([
      { artifactLocation: { uri: 'aws/eu-west-1/legacy-public' } },
      { artifactLocation: { uri: 'aws/us-east-1/quote%22%26%3Ctag%3E%2Ccomma' } },
    ]);
  });

  it('encodes a template path segment by segment, so that # and ? stay part of the file name', () => {
    const [finding] = scanFindings();
    const log = parseValid(
      formatReport([{ ...finding!, location: 'stacks/a#b?c d.yaml' }], 'sarif', scanMeta),
    );
    expect(log.runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe(
      'stacks/a%23b%3Fc%20d.yaml',
    );
  });

  it('gives warnings as tool execution notifications, not results, so they open no alert', () => {
    const log = parseValid(formatReport(scanFindings(), 'sarif', scanMetaWithWarnings));
    const run = log.runs[0]!;
    expect(run.results).toHaveLength(1);
    expect(run.invocations?.[0]?.toolExecutionNotifications).toEqual([
      {
        level: 'warning',
        message: {
          text: "duplicate key 'Effect' (first at line 21): the last one is used, as CloudFormation does",
        },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'templates/inference%20stack.yaml' },
              region: { startLine: 23 },
            },
          },
        ],
      },
      {
        level: 'warning',
        message: { text: 'skipped: 12.0 MB, more than the 5.0 MB the scan reads' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'data/huge.json' } } }],
      },
    ]);
    expect(
      parseValid(formatReport(scanFindings(), 'sarif', scanMeta)).runs[0]!.invocations?.[0],
    ).not.toHaveProperty('toolExecutionNotifications');
  });

  it('is valid with no results at all', () => {
    expect(parseValid(formatReport([], 'sarif', auditMeta)).runs[0]!.results).toEqual([]);
  });
});
