import type { Stack } from 'aws-cdk-lib';
import { isPlainObject } from '../evaluator/plain-object';

/**
 * The ID cdk-nag gives an IAM5 finding for a wildcard resource, for acknowledging it. cdk-nag prints the
 * resolved ARN: a pseudo parameter as `<AWS::Region>`, a value the stack knows (a pinned account or
 * region, a partition literal) as itself. Deriving the ID from the policy's own ARN keeps the
 * acknowledgement matching in an environment-agnostic stack, a pinned one and under
 * `@aws-cdk/core:enablePartitionLiterals` alike.
 */
export function wildcardResourceFindingId(stack: Stack, arn: string): string {
  return `AwsSolutions-IAM5[Resource::${printed(stack.resolve(arn))}]`;
}

function printed(value: unknown): string {
  if (typeof value === 'string') return value;
  if (isPlainObject(value)) {
    const join = value['Fn::Join'];
    if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
      return (join[1] as unknown[]).map(printed).join(join[0]);
    }
    if (typeof value.Ref === 'string') return `<${value.Ref}>`;
  }
  throw new Error(`Cannot name the cdk-nag finding for the resource ${JSON.stringify(value)}`);
}
