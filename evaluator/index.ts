/**
 * The rule's evaluator, for checks of your own: it judges plain data (a model's facts and the rule's
 * parameters) with no AWS SDK, CDK or I/O. Adapters turn a CloudFormation resource, an AWS Config
 * configuration item or a DescribeModel answer into those facts.
 */
export { formatAnnotation, MAX_ANNOTATION_LENGTH } from './annotation';
export { evaluateModel, type ComplianceType, type Verdict } from './evaluate-model';
export { MODEL_RESOURCE_TYPE, Unresolved, type ModelFacts } from './model-facts';
export { isValidNetworkId, type NetworkIdKind } from './network-ids';
export {
  DEFAULT_RULE_PARAMETERS,
  formatExemptionTag,
  InvalidRuleParameterError,
  parseRuleParameters,
  parseRuleParametersJson,
  RULE_PARAMETER_NAMES,
  type ExemptionTag,
  type RawRuleParameters,
  type RuleParameterName,
  type RuleParameters,
} from './rule-parameters';
export {
  evaluateModelProperties,
  evaluateModelResource,
  TemplateShapeError,
  type KnownConditions,
} from './adapters/cloudformation-resource';
export {
  isLive,
  modelFactsFromRecordedItem,
  UnexpectedItemShapeError,
  type RecordedItem,
} from './adapters/configuration-item';
export {
  modelFactsFromDescribeModel,
  UnexpectedApiShapeError,
  type DescribeModelFields,
  type ModelTag,
} from './adapters/describe-model';
