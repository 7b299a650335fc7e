import { Stack } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { SageMakerModelVpcRule } from '../../../lib/sagemaker-model-vpc-rule';
import { onlyLogicalId, synthRuleStack } from './synth';

const READERS = ['arn:aws:iam::123456789012:role/Admin', 'arn:aws:iam::*:role/SecurityAudit'];
const READING = ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:PurgeQueue'];
const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** The queue policy's statements other than CDK's deny of unencrypted transport. */
function readingStatements(template: Template): Array<Record<string, unknown>> {
  const [policy] = Object.values(template.findResources('AWS::SQS::QueuePolicy'));
  return (policy?.Properties.PolicyDocument.Statement as Array<Record<string, unknown>>).filter(
    (statement) => statement.Sid === 'OnlyNamedReadersReadFailedEvents',
  );
}

function policyStatement(template: Template, sid: string): Record<string, unknown> | undefined {
  const [policy] = Object.values(template.findResources('AWS::IAM::ManagedPolicy'));
  return (policy?.Properties.PolicyDocument.Statement as Array<Record<string, unknown>>).find(
    (statement) => statement.Sid === sid,
  );
}

describe('the failed-invocations queue, which holds the original events', () => {
  it('by default lets no principal read, delete or purge its messages, yet leaves sending open', () => {
    const { template } = synthRuleStack();
    const queueId = onlyLogicalId(template, 'AWS::SQS::Queue');
    expect(readingStatements(template)).toEqual([
      {
        Sid: 'OnlyNamedReadersReadFailedEvents',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: READING,
        Resource: { 'Fn::GetAtt': [queueId, 'Arn'] },
      },
    ]);
    expect(READING).not.toContain('sqs:SendMessage');
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    template.resourceCountIs('AWS::KMS::Key', 0);
  });

  it('lets only the named readers read it (-c failedInvocationsReaders=...)', () => {
    const { template } = synthRuleStack({ failedInvocationsReaders: READERS.join(',') });
    expect(readingStatements(template)).toEqual([
      expect.objectContaining({ Effect: 'Deny', Condition: { ArnNotLike: { 'aws:PrincipalArn': READERS } } }),
    ]);
  });

  it('takes the readers as a list from cdk.json too', () => {
    const { template } = synthRuleStack({ failedInvocationsReaders: READERS });
    expect(readingStatements(template)[0]).toMatchObject({
      Condition: { ArnNotLike: { 'aws:PrincipalArn': READERS } },
    });
  });

  it.each([
    'arn:aws:iam::123456789012:group/Admins',
    'Admin',
    'arn:aws:sts::123456789012:assumed-role/A/s',
    // Every role of every account: the deny would protect nothing.
    'arn:aws:iam::*:role/*',
    'arn:aws:iam::123456789012:user/*?',
  ])('stops synth on a reader that is not a role or user ARN: %s', (reader) => {
    expect(() => synthRuleStack({ failedInvocationsReaders: reader })).toThrow(
      `failedInvocationsReaders: '${reader}' is not the ARN of an IAM role or user`,
    );
  });

  describe('with a customer-managed key created for it (-c failedInvocationsKey=create)', () => {
    let template: Template;
    beforeAll(() => {
      template = synthRuleStack({
        failedInvocationsKey: 'create',
        failedInvocationsReaders: READERS.join(','),
      }).template;
    });

    it('encrypts the queue with a new key that rotates', () => {
      const keyId = onlyLogicalId(template, 'AWS::KMS::Key');
      template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
      template.hasResourceProperties('AWS::SQS::Queue', {
        KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
        SqsManagedSseEnabled: Match.absent(),
      });
    });

    it("lets the function's role send through its own policy, and the readers decrypt through the key's", () => {
      const keyId = onlyLogicalId(template, 'AWS::KMS::Key');
      expect(policyStatement(template, 'EncryptFailedInvocations')).toEqual({
        Sid: 'EncryptFailedInvocations',
        Effect: 'Allow',
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: { 'Fn::GetAtt': [keyId, 'Arn'] },
      });
      template.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Sid: 'NamedReadersDecryptFailedEvents',
              Action: 'kms:Decrypt',
              Condition: { ArnLike: { 'aws:PrincipalArn': READERS } },
            }),
          ]),
        },
      });
      // Granted by the key itself (the account root would only defer to IAM), through SQS, in this account.
      template.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Sid: 'NamedReadersDecryptFailedEvents',
              Principal: { AWS: '*' },
              Condition: Match.objectLike({
                StringEquals: {
                  'kms:CallerAccount': { Ref: 'AWS::AccountId' },
                  'kms:ViaService': {
                    'Fn::Join': ['', ['sqs.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]],
                  },
                },
              }),
            }),
          ]),
        },
      });
    });
  });

  it('uses a key given by ARN, granting the function its use', () => {
    const { template } = synthRuleStack({ failedInvocationsKey: KEY_ARN });
    template.resourceCountIs('AWS::KMS::Key', 0);
    template.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: KEY_ARN });
    expect(policyStatement(template, 'EncryptFailedInvocations')).toMatchObject({ Resource: KEY_ARN });
  });

  it('uses a key construct given to the construct', () => {
    const stack = new Stack(undefined, 'Keyed', { env: { account: '123456789012', region: 'eu-west-1' } });
    const key = new kms.Key(stack, 'Own', { enableKeyRotation: true });
    const rule = new SageMakerModelVpcRule(stack, 'Rule', { failedInvocationsKey: key });
    expect(rule.ruleFunction.failureQueueKey).toBe(key);
  });

  it('stops synth on a key that is neither create nor a key ARN', () => {
    expect(() => synthRuleStack({ failedInvocationsKey: 'alias/rule' })).toThrow(
      "failedInvocationsKey 'alias/rule' is neither 'create' nor the ARN of a KMS key",
    );
  });
});

describe('reserved concurrency', () => {
  it('reserves 10 instances by default', () => {
    synthRuleStack().template.hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: 10,
    });
  });

  it('takes another number, or none, from context', () => {
    synthRuleStack({ reservedConcurrency: '25' }).template.hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: 25,
    });
    synthRuleStack({ reservedConcurrency: 'none' }).template.hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: Match.absent(),
    });
  });

  it.each([
    ['0', "reservedConcurrency must be 'none' or a whole number from 1 to 1000, got 0"],
    ['1001', "reservedConcurrency must be 'none' or a whole number from 1 to 1000, got 1001"],
    ['ten', "Context reservedConcurrency must be a whole number or none, got 'ten'"],
  ])('stops synth on %p', (value, message) => {
    expect(() => synthRuleStack({ reservedConcurrency: value })).toThrow(message);
  });
});
