import { evaluateModelProperties, TemplateShapeError } from '../../lambda/adapters/cloudformation-resource';
import { MODEL_RESOURCE_TYPE } from '../../lambda/model-facts';
import type { RuleParameters } from '../../lambda/rule-parameters';
import { errorFinding, findingFromVerdict, type Finding } from '../report/finding';
import { looksLikeTemplate, parseTemplate, TemplateParseError, type ParsedTemplate } from './template-parser';

/** The resource name of a finding about a whole file rather than one resource in it. */
export const WHOLE_FILE = '(file)';

/** Words that only a CloudFormation template is likely to hold; other broken files are not our business. */
const TEMPLATE_MARKERS = /AWSTemplateFormatVersion|AWS::[A-Za-z0-9]+::[A-Za-z0-9]+/;

/**
 * Judges every SageMaker model in one template. A template that cannot be read is an ERROR finding;
 * a file found while walking a directory that is not a template gives no findings at all.
 */
export function scanTemplate(
  path: string,
  text: string,
  parameters: RuleParameters,
  mustBeTemplate: boolean,
): Finding[] {
  let template: ParsedTemplate;
  try {
    template = parseTemplate(text);
  } catch (error) {
    if (!(error instanceof TemplateParseError)) throw error;
    if (!mustBeTemplate && !TEMPLATE_MARKERS.test(text)) return [];
    return [fileError(path, `cannot parse the template: ${error.message}`, error.line)];
  }
  if (!looksLikeTemplate(template.body)) {
    return mustBeTemplate
      ? [fileError(path, 'not a CloudFormation template: no Resources or AWSTemplateFormatVersion')]
      : [];
  }
  const resources = template.body.Resources;
  if (resources === undefined) return [];
  if (!isRecord(resources)) return [fileError(path, 'Resources is not a map of logical IDs to resources')];

  return Object.entries(resources)
    .filter(([, resource]) => isRecord(resource) && resource.Type === MODEL_RESOURCE_TYPE)
    .map(([logicalId, resource]) =>
      judgeResource(path, logicalId, resource as Record<string, unknown>, template, parameters),
    );
}

/**
 * A resource with a `Condition` exists only while that condition holds, so an `Fn::If` on the same
 * condition inside it can only take its true branch.
 */
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
  const knownConditions = typeof resource.Condition === 'string' ? { [resource.Condition]: true } : {};
  try {
    return findingFromVerdict(
      subject,
      evaluateModelProperties(resource.Properties, parameters, knownConditions),
    );
  } catch (error) {
    if (!(error instanceof TemplateShapeError)) throw error;
    return errorFinding(subject, error.message);
  }
}

/** CDK templates name the construct behind each logical ID; it is what a CDK user recognises. */
function resourceName(logicalId: string, resource: Record<string, unknown>): string {
  const metadata = resource.Metadata;
  const constructPath = isRecord(metadata) ? metadata['aws:cdk:path'] : undefined;
  return typeof constructPath === 'string' ? `${logicalId} (${constructPath})` : logicalId;
}

function fileError(path: string, problem: string, line?: number): Finding {
  return errorFinding({ location: path, resource: WHOLE_FILE, ...(line !== undefined && { line }) }, problem);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
