import { TOOL_NAME } from '../tool';
import { withoutControlCharacters } from './control-characters';
import type { Finding } from './finding';
import { locationLabel, warningText, type ReportMeta, type ReportWarning } from './report-meta';
import { countFindings, findingDetail } from './summary';

/**
 * JUnit XML as CI servers read it: one testsuite per location, one testcase per model. NON_COMPLIANT
 * is a failure, ERROR an error, NOT_APPLICABLE skipped. As the Ant/Jenkins schema wants, each
 * testsuite starts with the properties (the common schema allows them nowhere else) and its timestamp
 * has no fraction and no time zone (it is UTC). Warnings go to the `system-err` of their location's
 * testsuite (one without test cases if the location has no model), where CI servers show a suite's
 * output.
 */
export function formatJunit(findings: readonly Finding[], meta: ReportMeta): string {
  const timestamp = meta.generatedAt.toISOString().slice(0, 19);
  const suites = groupByLocation(findings, meta.warnings).map(([location, members, warnings]) =>
    [
      `  <testsuite ${attributes({ name: location, ...countAttributes(members), timestamp })}>`,
      properties(meta),
      ...members.map((finding) => testcase(finding, meta)),
      ...systemErr(warnings),
      '  </testsuite>',
    ].join('\n'),
  );
  const root = attributes({ name: `${TOOL_NAME} ${meta.command}`, ...countAttributes(findings), timestamp });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${root}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

function systemErr(warnings: readonly ReportWarning[]): string[] {
  if (warnings.length === 0) return [];
  const lines = warnings.map((warning) => `warning: ${warningText(warning)}`).join('\n');
  return [`    <system-err>${escapeXml(lines)}</system-err>`];
}

function testcase(finding: Finding, meta: ReportMeta): string {
  const open = `    <testcase ${attributes({
    name: finding.resource,
    classname: finding.location,
    ...(meta.command === 'scan' && { file: finding.location }),
    ...(finding.line !== undefined && { line: String(finding.line) }),
  })}`;
  switch (finding.compliance) {
    case 'COMPLIANT':
      return `${open}/>`;
    case 'NOT_APPLICABLE':
      return `${open}>\n      <skipped ${attributes({ message: finding.annotation })}/>\n    </testcase>`;
    case 'NON_COMPLIANT':
    case 'ERROR': {
      const element = finding.compliance === 'ERROR' ? 'error' : 'failure';
      const detail = `${attributes({ message: finding.annotation, type: finding.compliance })}`;
      return `${open}>\n      <${element} ${detail}>${escapeXml(findingDetail(finding))}</${element}>\n    </testcase>`;
    }
  }
}

function properties(meta: ReportMeta): string {
  const entries = [
    ...Object.entries(meta.parameters),
    ...meta.scope.map((scope) => [locationLabel(meta), scope]),
  ];
  const lines = entries.map(
    ([name, value]) => `      <property ${attributes({ name: name ?? '', value: value ?? '' })}/>`,
  );
  return ['    <properties>', ...lines, '    </properties>'].join('\n');
}

function countAttributes(findings: readonly Finding[]): Record<string, string> {
  const counts = countFindings(findings);
  return {
    tests: String(counts.total),
    failures: String(counts.NON_COMPLIANT),
    errors: String(counts.ERROR),
    skipped: String(counts.NOT_APPLICABLE),
  };
}

/** Locations in the order findings name them, then those that only warnings name. */
function groupByLocation(
  findings: readonly Finding[],
  warnings: readonly ReportWarning[],
): [string, Finding[], ReportWarning[]][] {
  const groups = new Map<string, [Finding[], ReportWarning[]]>();
  const groupOf = (location: string): [Finding[], ReportWarning[]] => {
    const group = groups.get(location) ?? [[], []];
    groups.set(location, group);
    return group;
  };
  for (const finding of findings) groupOf(finding.location)[0].push(finding);
  for (const warning of warnings) groupOf(warning.location)[1].push(warning);
  return [...groups.entries()].map(([location, [members, notes]]) => [location, members, notes]);
}

function attributes(values: Readonly<Record<string, string>>): string {
  return Object.entries(values)
    .map(([name, value]) => `${name}="${escapeXml(value)}"`)
    .join(' ');
}

/**
 * Escapes markup and drops the characters XML 1.0 cannot carry at all, and those a CI page or a
 * terminal would act on (controls, bidirectional overrides).
 */
function escapeXml(text: string): string {
  return withoutControlCharacters(text)
    .replace(/[^\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
