import type { RawRuleParameters } from '../../evaluator/rule-parameters';
import { TOOL_NAME, toolVersion } from '../tool';
import { jsonText } from './control-characters';
import type { Finding } from './finding';
import type { ReportMeta, ReportWarning } from './report-meta';
import { countFindings, type FindingCounts } from './summary';

/** Bumped on any change that could break a consumer (a field removed, renamed or retyped). */
export const JSON_REPORT_SCHEMA_VERSION = 1;

/** The `--format json` document; docs/cli.md describes each field. */
export interface JsonReport {
  readonly schemaVersion: typeof JSON_REPORT_SCHEMA_VERSION;
  readonly tool: { readonly name: string; readonly version: string };
  readonly command: ReportMeta['command'];
  readonly generatedAt: string;
  readonly parameters: RawRuleParameters;
  readonly scope: readonly string[];
  readonly summary: FindingCounts;
  readonly findings: readonly Finding[];
  readonly warnings: readonly ReportWarning[];
}

export function formatJson(findings: readonly Finding[], meta: ReportMeta): string {
  const report: JsonReport = {
    schemaVersion: JSON_REPORT_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: toolVersion() },
    command: meta.command,
    generatedAt: meta.generatedAt.toISOString(),
    parameters: meta.parameters,
    scope: meta.scope,
    summary: countFindings(findings),
    findings: findings.map(toJsonFinding),
    warnings: meta.warnings.map((warning) => ({
      location: warning.location,
      ...(warning.line !== undefined && { line: warning.line }),
      message: warning.message,
    })),
  };
  return `${jsonText(report)}\n`;
}

/** Fixed key order, so that reports diff cleanly from run to run. */
function toJsonFinding(finding: Finding): Finding {
  return {
    location: finding.location,
    resource: finding.resource,
    ...(finding.resourceArn !== undefined && { resourceArn: finding.resourceArn }),
    ...(finding.line !== undefined && { line: finding.line }),
    compliance: finding.compliance,
    reasons: finding.reasons,
    unchecked: finding.unchecked,
    annotation: finding.annotation,
  };
}
