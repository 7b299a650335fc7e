import { Fn, Token } from 'aws-cdk-lib';
import {
  formatExemptionTag,
  parseRuleParameters,
  type ExemptionTag,
  type RuleParameters,
} from '../evaluator/rule-parameters';
import type { RuleInputParameters } from './rule-definition';

/**
 * The rule's parameters, shared by the AWS Config rule (`SageMakerModelVpcRule`) and the CDK Aspect
 * (`SageMakerModelVpcChecks`), so that a template checked at synth time is judged as the deployed rule
 * will judge it. Each is one InputParameter of the rule, validated by the Lambda's own parser.
 */
export interface SageMakerModelVpcRuleParameters {
  /**
   * The only subnets a model may use (`subnet-` and 8 or 17 hex digits): a model with any other
   * subnet is NON_COMPLIANT.
   *
   * @default - any subnet with a well-formed ID
   */
  readonly subnetIds?: readonly string[];

  /**
   * The only security groups a model may use (`sg-` and 8 or 17 hex digits): a model with any other
   * security group is NON_COMPLIANT.
   *
   * @default - any security group with a well-formed ID
   */
  readonly securityGroupIds?: readonly string[];

  /**
   * Also require `EnableNetworkIsolation: true`, so that the model's containers make no outbound
   * calls even inside the VPC.
   *
   * @default false
   */
  readonly requireNetworkIsolation?: boolean;

  /**
   * A tag that exempts a model (NOT_APPLICABLE): `{ key }` (or `'key'`) exempts any value of the key,
   * `{ key, value }` (or `'key=value'`) only that value.
   *
   * @default - no model is exempt
   */
  readonly exemptionTag?: string | ExemptionTag;
}

/** A string token, or the one element of a list token (a CfnParameter of type List<...>). */
const isToken = (id: string): boolean => Token.isUnresolved(id) || Token.isUnresolved([id]);

/** Valid IDs that stand in for tokens while the Lambda's parser checks the literal ones. */
const TOKEN_STAND_INS = { subnetIds: 'subnet-00000000', securityGroupIds: 'sg-00000000' } as const;

/**
 * The rule's InputParameters for these settings, in the string form AWS Config passes to the Lambda,
 * validated now with the Lambda's own parser so that a bad value stops synth with the message the
 * Lambda would log. IDs may be tokens (the subnets of a VPC in the same app): they resolve only at
 * deployment, so the Lambda is the one to check them, on every invocation.
 */
export function ruleInputParametersOf(settings: SageMakerModelVpcRuleParameters): RuleInputParameters {
  parseRuleParameters(
    parameterStrings(settings, (name, ids) => ids.map((id) => (isToken(id) ? TOKEN_STAND_INS[name] : id))),
  );
  return parameterStrings(settings, (_name, ids) => ids);
}

/**
 * The parsed parameters, for judging templates at synth time. Tokens are refused: an ID known only
 * at deployment cannot be compared with a model's IDs before it.
 */
export function synthTimeRuleParameters(
  settings: SageMakerModelVpcRuleParameters,
  owner: string,
): RuleParameters {
  return parseRuleParameters(
    parameterStrings(settings, (name, ids) => {
      if (ids.some(isToken)) {
        throw new Error(
          `${owner}: ${name} holds a token, which resolves only at deployment; ` +
            'synth-time checks need the literal IDs',
        );
      }
      return ids;
    }),
  );
}

type IdListName = keyof typeof TOKEN_STAND_INS;

function parameterStrings(
  settings: SageMakerModelVpcRuleParameters,
  entries: (name: IdListName, ids: readonly string[]) => readonly string[],
): RuleInputParameters {
  const idList = (name: IdListName): string | undefined => {
    const ids = settings[name];
    if (ids === undefined) return undefined;
    if (ids.length === 0) {
      throw new Error(`${name} is an empty list, which would allow nothing: leave it out to allow any ID`);
    }
    const kept = entries(name, ids);
    // A list token would not survive Array.join; Fn.join renders every kind of token.
    return kept.some(isToken) ? Fn.join(',', [...kept]) : kept.join(',');
  };
  const subnetIds = idList('subnetIds');
  const securityGroupIds = idList('securityGroupIds');
  const { requireNetworkIsolation, exemptionTag } = settings;
  return {
    ...(subnetIds !== undefined && { subnetIds }),
    ...(securityGroupIds !== undefined && { securityGroupIds }),
    ...(requireNetworkIsolation !== undefined && {
      requireNetworkIsolation: String(requireNetworkIsolation),
    }),
    ...(exemptionTag !== undefined && { exemptionTag: exemptionTagText(exemptionTag) }),
  };
}

/**
 * The tag as the `key` or `key=value` text of the rule parameter. A tag that text cannot carry (a key
 * holding `=`, which AWS allows in tag keys) is refused rather than read back by the Lambda as another.
 */
function exemptionTagText(tag: string | ExemptionTag): string {
  if (typeof tag === 'string') {
    if (tag.trim() === '') throw new Error('exemptionTag is empty: leave it out to exempt no model');
    return tag;
  }
  const text = formatExemptionTag(tag);
  const readBack = parseRuleParameters({ exemptionTag: text }).exemptionTag;
  if (readBack?.key !== tag.key || readBack.value !== tag.value) {
    throw new Error(
      `exemptionTag ${JSON.stringify(tag)} cannot be written as the rule parameter 'key=value': ` +
        "the key must not be blank or hold '=', and neither key nor value may start or end with spaces",
    );
  }
  return text;
}
