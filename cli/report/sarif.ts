import type { Location, Log, Notification, ReportingDescriptor, Result } from 'sarif';
import { TOOL_NAME, toolVersion } from '../tool';
import { jsonText } from './control-characters';
import type { Finding } from './finding';
import type { ReportMeta, ReportWarning } from './report-meta';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/** The rule a NON_COMPLIANT finding breaks. */
export const NOT_IN_VPC_RULE_ID = 'SMVPC001';
/** An ERROR finding: the model could not be judged, which is reported, never passed over. */
export const NOT_EVALUATED_RULE_ID = 'SMVPC002';

const RULES: readonly ReportingDescriptor[] = [
  {
    id: NOT_IN_VPC_RULE_ID,
    name: 'SageMakerModelNotInVpc',
    shortDescription: { text: 'SageMaker model is not confined to a VPC' },
    fullDescription: {
      text:
        'A SageMaker model must carry a VpcConfig with non-empty, well-formed Subnets and SecurityGroupIds ' +
        '(within the allow-lists when set), and network isolation when required.',
    },
    help: {
      text:
        'VpcConfig is create-only: create a replacement model with a VpcConfig (sagemaker-model-vpc plan-fix ' +
        'prints its create-model input), point the endpoint configs at it, then delete the old model.',
    },
    defaultConfiguration: { level: 'error' },
  },
  {
    id: NOT_EVALUATED_RULE_ID,
    name: 'SageMakerModelNotEvaluated',
    shortDescription: { text: 'SageMaker model could not be evaluated' },
    fullDescription: { text: 'The model could not be read or judged, so its compliance is unknown.' },
    defaultConfiguration: { level: 'error' },
  },
];

/**
 * SARIF 2.1.0 with one result per NON_COMPLIANT or ERROR finding. Templates (scan) are physical
 * locations with a line where known. Models in an account (audit) are logical locations named by ARN,
 * with a synthetic `aws/<region>/<model>` artifact, because GitHub code scanning drops a result
 * without a physical location. Warnings, which judge nothing, are the invocation's tool execution
 * notifications (level `warning`), not results: they must not open code-scanning alerts.
 */
export function formatSarif(findings: readonly Finding[], meta: ReportMeta): string {
  const log: Log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: TOOL_NAME, version: toolVersion(), rules: [...RULES] } },
        invocations: [
          {
            executionSuccessful: !findings.some((finding) => finding.compliance === 'ERROR'),
            endTimeUtc: meta.generatedAt.toISOString(),
            properties: { command: meta.command, parameters: meta.parameters, scope: meta.scope },
            ...(meta.warnings.length > 0 && {
              toolExecutionNotifications: meta.warnings.map(toNotification),
            }),
          },
        ],
        results: findings
          .filter((finding) => finding.compliance === 'NON_COMPLIANT' || finding.compliance === 'ERROR')
          .map((finding) => toResult(finding, meta)),
      },
    ],
  };
  return `${jsonText(log)}\n`;
}

function toResult(finding: Finding, meta: ReportMeta): Result {
  const ruleId = finding.compliance === 'ERROR' ? NOT_EVALUATED_RULE_ID : NOT_IN_VPC_RULE_ID;
  return {
    ruleId,
    ruleIndex: RULES.findIndex((rule) => rule.id === ruleId),
    level: 'error',
    message: { text: `${finding.resource}: ${finding.reasons.join('; ') || finding.annotation}` },
    locations: [meta.command === 'scan' ? templateLocation(finding) : accountLocation(finding)],
    properties: { compliance: finding.compliance, reasons: finding.reasons, unchecked: finding.unchecked },
  };
}

function toNotification(warning: ReportWarning): Notification {
  return {
    level: 'warning',
    message: { text: warning.message },
    locations: [{ physicalLocation: templatePlace(warning) }],
  };
}

function templateLocation(finding: Finding): Location {
  return {
    physicalLocation: templatePlace(finding),
    logicalLocations: [{ name: finding.resource, kind: 'resource' }],
  };
}

/** The template file and, when known, the line: where a finding or a warning is. */
function templatePlace({ location, line }: { readonly location: string; readonly line?: number }) {
  return {
    artifactLocation: { uri: templateUri(location) },
    ...(line !== undefined && { region: { startLine: line } }),
  };
}

function templateUri(path: string): string {
  return uriPath(path.replace(/\\/g, '/').split('/'));
}

function accountLocation(finding: Finding): Location {
  return {
    physicalLocation: { artifactLocation: { uri: uriPath(['aws', finding.location, finding.resource]) } },
    logicalLocations: [
      {
        name: finding.resource,
        fullyQualifiedName: finding.resourceArn ?? `${finding.location}/${finding.resource}`,
        kind: 'resource',
      },
    ],
  };
}

/** Each segment encoded on its own: a `#`, `?` or `%` in a file name is part of the name, not of the URI. */
function uriPath(segments: readonly string[]): string {
  return segments.map(encodeURIComponent).join('/');
}
