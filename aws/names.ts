/**
 * The one definition of AWS's own name shapes, shared by the CLI, the CDK app and the Lambda, so that
 * no front end accepts a region (or partition, account, ARN) another refuses.
 */

const PARTITION = 'aws(?:-[a-z]+)*';
const REGION = '[a-z]{2,4}(?:-[a-z]+){1,2}-\\d{1,2}';
const ACCOUNT = '\\d{12}';
const whole = (source: string): RegExp => new RegExp(`^${source}$`);

/**
 * A region of any partition: `eu-west-1`, `cn-north-1`, `us-gov-west-1`, `us-isob-east-1`,
 * `eusc-de-east-1`; never an Availability Zone such as `eu-west-1a`.
 */
export const REGION_NAME = whole(REGION);

/** `aws`, `aws-cn`, `aws-us-gov`, `aws-iso-b`, `aws-eusc`. */
export const PARTITION_NAME = whole(PARTITION);

export const ACCOUNT_ID = whole(ACCOUNT);

/** A Lambda function ARN, optionally with a version or alias qualifier. */
export const LAMBDA_FUNCTION_ARN = whole(
  `arn:${PARTITION}:lambda:${REGION}:${ACCOUNT}:function:[A-Za-z0-9_-]{1,64}(?::[A-Za-z0-9_$-]+)?`,
);

/** A KMS key ARN (not an alias). */
export const KMS_KEY_ARN = whole(`arn:${PARTITION}:kms:${REGION}:${ACCOUNT}:key/[\\w-]+`);

/**
 * An `aws:PrincipalArn` pattern naming IAM roles or users (of an assumed role it is the role's ARN):
 * `*` and `?` allowed in the account and in the path and name, as `ArnLike` reads them.
 */
const PRINCIPAL_ARN_PATTERN = whole(`arn:${PARTITION}:iam::(?:${ACCOUNT}|\\*):(role|user)/([\\w+=,.@/*?-]+)`);

/**
 * What is wrong with `pattern` as roles or users to exempt or to trust, if anything: it is not a role or
 * user ARN pattern, or its name is wildcards alone (`arn:aws:iam::*:role/*`), which matches every role
 * of every account and would switch the protection off.
 */
export function principalArnPatternProblem(
  pattern: string,
): 'not a pattern' | 'matches everyone' | undefined {
  const name = PRINCIPAL_ARN_PATTERN.exec(pattern)?.[2];
  if (name === undefined) return 'not a pattern';
  return /[^*?/]/.test(name) ? undefined : 'matches everyone';
}
