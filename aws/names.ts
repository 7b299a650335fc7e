/**
 * The one definition of AWS's own name shapes, shared by the CLI, the CDK app and the Lambda, so that
 * no front end accepts a region (or partition) another refuses.
 */

/**
 * A region of any partition: `eu-west-1`, `cn-north-1`, `us-gov-west-1`, `us-isob-east-1`,
 * `eusc-de-east-1`; never an Availability Zone such as `eu-west-1a`.
 */
export const REGION_NAME = /^[a-z]{2,4}(?:-[a-z]+){1,2}-\d{1,2}$/;

/** `aws`, `aws-cn`, `aws-us-gov`, `aws-iso-b`, `aws-eusc`. */
export const PARTITION_NAME = /^aws(?:-[a-z]+)*$/;

export const ACCOUNT_ID = /^\d{12}$/;

/** A Lambda function ARN, optionally with a version or alias qualifier. */
export const LAMBDA_FUNCTION_ARN =
  /^arn:aws(?:-[a-z]+)*:lambda:[a-z]{2,4}(?:-[a-z]+){1,2}-\d{1,2}:\d{12}:function:[A-Za-z0-9_-]{1,64}(?::[A-Za-z0-9_$-]+)?$/;
