import { evaluateModelResource, TemplateShapeError } from '../../evaluator/adapters/cloudformation-resource';
import { isPlainObject, MODEL_RESOURCE_TYPE } from '../../evaluator/model-facts';
import type { RuleParameters } from '../../evaluator/rule-parameters';
import { singleLine } from '../report/control-characters';
import { errorFinding, findingFromVerdict, type Finding } from '../report/finding';
import type { ReportWarning } from '../report/report-meta';
import {
  looksLikeTemplate,
  parseTemplate,
  TemplateBeyondLimitError,
  TemplateParseError,
  type DuplicateKey,
  type DuplicateKeys,
  type ParsedTemplate,
} from './template-parser';

/** The resource name of a finding about a whole file (or directory) rather than one resource in it. */
export const WHOLE_FILE = '(file)';

/** Words that only a CloudFormation template is likely to hold; other broken files are not our business. */
const TEMPLATE_MARKERS = /AWSTemplateFormatVersion|AWS::[A-Za-z0-9]+::[A-Za-z0-9]+/;
/**
 * A resource's Type cannot be computed, so a template with a model spells `AWS::SageMaker::Model`,
 * unless an escape spells part of it: `\u` in JSON, `\x`, `\u`, `\U` or an escaped line break in a
 * YAML double-quoted string. Text with neither holds no model, whatever it costs to parse.
 */
const MAY_HOLD_A_MODEL = /AWS::SageMaker::Model|\\[uxU\r\n]/;
const MAX_SHOWN_KEY_LENGTH = 60;

/** What one file gave: `template` false for a file found while walking that is not a template. */
export interface FileScan {
  readonly template: boolean;
  readonly findings: readonly Finding[];
  readonly warnings: readonly ReportWarning[];
}

/** A file found while walking a directory that is no concern of ours, with the reason when it is not obvious. */
export function notATemplate(warning?: ReportWarning): FileScan {
  return { template: false, findings: [], warnings: warning ? [warning] : [] };
}

/**
 * Judges every SageMaker model in one template. A template that cannot be read is an ERROR finding,
 * and a key given twice is a warning (the last value is judged, as CloudFormation takes it).
 */
export function scanTemplate(
  path: string,
  text: string,
  parameters: RuleParameters,
  mustBeTemplate: boolean,
): FileScan {
  if (!mustBeTemplate && !MAY_HOLD_A_MODEL.test(text)) {
    // Not parsed: a data file of megabytes could cost gigabytes, and a template without a model
    // (broken or not) has nothing to judge; it still makes its directory one that holds templates.
    return TEMPLATE_MARKERS.test(text) ? { template: true, findings: [], warnings: [] } : notATemplate();
  }
  // Asked only when the file cannot be read as a template: a walk's data files are no concern of ours.
  const concernsUs = (): boolean => mustBeTemplate || TEMPLATE_MARKERS.test(text);
  let template: ParsedTemplate;
  try {
    template = parseTemplate(text, path.toLowerCase().endsWith('.json') ? 'json' : 'any');
  } catch (error) {
    if (error instanceof TemplateBeyondLimitError) {
      return concernsUs()
        ? fileErrorScan(path, `not scanned: ${error.message}`, error.line)
        : notATemplate({ location: path, line: error.line, message: `skipped: ${error.message}` });
    }
    if (!(error instanceof TemplateParseError)) throw error;
    return concernsUs()
      ? fileErrorScan(path, `cannot parse the template: ${error.message}`, error.line)
      : notATemplate();
  }
  if (!looksLikeTemplate(template.body)) {
    return mustBeTemplate
      ? fileErrorScan(path, 'not a CloudFormation template: no Resources or AWSTemplateFormatVersion')
      : notATemplate();
  }
  const warnings = duplicateKeyWarnings(path, template.duplicateKeys);
  const resources = template.body.Resources;
  if (resources === undefined) return { template: true, findings: [], warnings };
  if (!isPlainObject(resources)) {
    const problem = 'Resources is not a map of logical IDs to resources';
    return { template: true, findings: [fileError(path, problem)], warnings };
  }
  const findings = Object.entries(resources)
    .filter(([, resource]) => isPlainObject(resource) && resource.Type === MODEL_RESOURCE_TYPE)
    .map(([logicalId, resource]) =>
      judgeResource(path, logicalId, resource as Record<string, unknown>, template, parameters),
    );
  return { template: true, findings, warnings };
}

function duplicateKeyWarnings(path: string, duplicates: DuplicateKeys): ReportWarning[] {
  const warnings = duplicates.first.map((duplicate) => duplicateKeyWarning(path, duplicate));
  if (duplicates.more > 0) {
    const keys = duplicates.more === 1 ? 'key' : 'keys';
    warnings.push({ location: path, message: `and ${duplicates.more} more duplicate ${keys}, not listed` });
  }
  return warnings;
}

function duplicateKeyWarning(path: string, duplicate: DuplicateKey): ReportWarning {
  const key = singleLine(duplicate.key);
  const shown = key.length > MAX_SHOWN_KEY_LENGTH ? `${key.slice(0, MAX_SHOWN_KEY_LENGTH)}…` : key;
  return {
    location: path,
    line: duplicate.line,
    message: `duplicate key '${shown}' (first at line ${duplicate.firstLine}): the last one is used, as CloudFormation does`,
  };
}

function judgeResource(
  path: string,
  logicalId: string,
  resource: Record<string, unknown>,
  template: ParsedTemplate,
  parameters: RuleParameters,
): Finding {
  const line = template.resourceLines.get(logicalId);
  const subject = {
    location: path,
    resource: resourceName(logicalId, resource),
    ...(line !== undefined && { line }),
  };
  try {
    return findingFromVerdict(subject, evaluateModelResource(resource, parameters));
  } catch (error) {
    if (!(error instanceof TemplateShapeError)) throw error;
    return errorFinding(subject, error.message);
  }
}

/** CDK templates name the construct behind each logical ID; it is what a CDK user recognises. */
function resourceName(logicalId: string, resource: Record<string, unknown>): string {
  const metadata = resource.Metadata;
  const constructPath = isPlainObject(metadata) ? metadata['aws:cdk:path'] : undefined;
  return typeof constructPath === 'string' ? `${logicalId} (${constructPath})` : logicalId;
}

export function fileError(path: string, problem: string, line?: number): Finding {
  return errorFinding({ location: path, resource: WHOLE_FILE, ...(line !== undefined && { line }) }, problem);
}

/** A file that must be (or looks like) a template but cannot be judged. */
export function fileErrorScan(path: string, problem: string, line?: number): FileScan {
  return { template: true, findings: [fileError(path, problem, line)], warnings: [] };
}
