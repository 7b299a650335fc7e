import { evaluateModelResource, TemplateShapeError } from '../../evaluator/adapters/cloudformation-resource';
import { MODEL_RESOURCE_TYPE } from '../../evaluator/model-facts';
import { isPlainObject } from '../../evaluator/plain-object';
import type { RuleParameters } from '../../evaluator/rule-parameters';
import { errorFinding, findingFromVerdict, type Finding } from '../report/finding';
import { looksLikeTemplate, parseTemplate, TemplateParseError, type ParsedTemplate } from './template-parser';

/** The resource name of a finding about a whole file (or directory) rather than one resource in it. */
export const WHOLE_FILE = '(file)';

/** Words that only a CloudFormation template is likely to hold; other broken files are not our business. */
const TEMPLATE_MARKERS = /AWSTemplateFormatVersion|AWS::[A-Za-z0-9]+::[A-Za-z0-9]+/;

/**
 * Judges every SageMaker model in one template. A template that cannot be read is an ERROR finding.
 * Undefined: a file found while walking a directory that is not a template, which is no concern of ours.
 */
export function scanTemplate(
  path: string,
  text: string,
  parameters: RuleParameters,
  mustBeTemplate: boolean,
): Finding[] | undefined {
  let template: ParsedTemplate;
  try {
    template = parseTemplate(text);
  } catch (error) {
    if (!(error instanceof TemplateParseError)) throw error;
    if (!mustBeTemplate && !TEMPLATE_MARKERS.test(text)) return undefined;
    return [fileError(path, `cannot parse the template: ${error.message}`, error.line)];
  }
  if (!looksLikeTemplate(template.body)) {
    return mustBeTemplate
      ? [fileError(path, 'not a CloudFormation template: no Resources or AWSTemplateFormatVersion')]
      : undefined;
  }
  const resources = template.body.Resources;
  if (resources === undefined) return [];
  if (!isPlainObject(resources))
    return [fileError(path, 'Resources is not a map of logical IDs to resources')];

  return Object.entries(resources)
    .filter(([, resource]) => isPlainObject(resource) && resource.Type === MODEL_RESOURCE_TYPE)
    .map(([logicalId, resource]) =>
      judgeResource(path, logicalId, resource as Record<string, unknown>, template, parameters),
    );
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
