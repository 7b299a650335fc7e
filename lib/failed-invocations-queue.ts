import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { KMS_KEY_ARN, principalArnPatternProblem } from '../aws/names';

/**
 * `'create'` (a string): a new customer-managed key with yearly rotation, in this stack; a KMS key ARN
 * or a key construct: that key, whose key policy must let the function's role and the readers use it.
 */
export type FailedInvocationsKey = string | kms.IKey;

export interface FailedInvocationsQueueProps {
  /**
   * IAM role or user ARNs allowed to read and delete the queue's messages; `*` and `?` wildcards are
   * allowed, as in `arn:aws:iam::*:role/SecurityAudit`. Everyone else is denied.
   */
  readonly readers: readonly string[];
  readonly key?: FailedInvocationsKey;
}

/** What a reader does with a message: every action that reveals it, hides it from others, or drops it. */
const READING_ACTIONS = [
  'sqs:ReceiveMessage',
  'sqs:DeleteMessage',
  'sqs:ChangeMessageVisibility',
  'sqs:PurgeQueue',
];

/**
 * Where Lambda puts an invocation that failed every retry: the original Config event, whose
 * configuration item holds the model's containers with their Environment values, kept 14 days. So
 * only the named readers may read it: a queue-policy statement denies the reading actions to every
 * other principal, account administrators included (an identity policy cannot override an explicit
 * deny). Sending stays open to the function's role, which Lambda's on-failure destination uses, and
 * the queue's depth alarm still works from CloudWatch metrics, which read no message. Encrypted at
 * rest with SQS's own key, or with a customer-managed KMS key whose use is logged in CloudTrail and
 * can be revoked.
 */
export class FailedInvocationsQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly key?: kms.IKey;

  constructor(scope: Construct, id: string, props: FailedInvocationsQueueProps) {
    super(scope, id);
    const readers = checkReaders(props.readers);
    this.key = props.key === undefined ? undefined : this.resolveKey(props.key, readers);
    this.queue = new sqs.Queue(this, 'Resource', {
      ...(this.key
        ? { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: this.key }
        : { encryption: sqs.QueueEncryption.SQS_MANAGED }),
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OnlyNamedReadersReadFailedEvents',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: READING_ACTIONS,
        resources: [this.queue.queueArn],
        ...(readers.length > 0 && { conditions: { ArnNotLike: { 'aws:PrincipalArn': readers } } }),
      }),
    );
    Validations.of(this.queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        "This queue is the function's on-failure destination, the last stop for failed invocations; " +
        'a dead-letter queue behind it would only move the same messages again.',
    });
  }

  private resolveKey(key: FailedInvocationsKey, readers: readonly string[]): kms.IKey {
    if (typeof key !== 'string') return key;
    if (key !== 'create') {
      if (!KMS_KEY_ARN.test(key)) {
        throw new Error(`failedInvocationsKey '${key}' is neither 'create' nor the ARN of a KMS key`);
      }
      return kms.Key.fromKeyArn(this, 'Key', key);
    }
    const created = new kms.Key(this, 'Key', {
      description: 'SageMaker model VPC rule: encrypts the failed invocations (Config events) at rest',
      enableKeyRotation: true,
    });
    // The function's role uses the key through its own policy (RuleExecutionPolicy), which the key's
    // default policy allows. The readers are granted here directly, so they need no IAM change: the
    // account root, as the default statement already names it, would grant nothing more. Only through
    // SQS, and only for callers of this account.
    if (readers.length > 0) {
      const stack = Stack.of(this);
      created.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'NamedReadersDecryptFailedEvents',
          principals: [new iam.AnyPrincipal()],
          actions: ['kms:Decrypt'],
          resources: ['*'],
          conditions: {
            ArnLike: { 'aws:PrincipalArn': readers },
            StringEquals: {
              'kms:CallerAccount': stack.account,
              'kms:ViaService': `sqs.${stack.region}.${stack.urlSuffix}`,
            },
          },
        }),
      );
    }
    return created;
  }
}

function checkReaders(readers: readonly string[]): string[] {
  const bad = readers.filter((reader) => principalArnPatternProblem(reader) !== undefined);
  if (bad.length > 0) {
    throw new Error(
      `failedInvocationsReaders: ${bad.map((reader) => `'${reader}'`).join(', ')} is not the ARN of an IAM ` +
        'role or user (arn:aws:iam::123456789012:role/Name; * and ? allowed, but not as the whole name, which ' +
        'would let everyone read the failed events)',
    );
  }
  return [...new Set(readers)];
}
