import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { Readable } from 'node:stream';
import { CLIENT_OPTIONS } from '../../../aws/client-options';
import { sweepModels } from '../../../aws/sagemaker-models';

/** Answers like the SageMaker JSON API: a scripted list of responses per operation, then the last one forever. */
function scriptedHandler(script: Record<string, Array<{ status: number; body: object }>>) {
  const calls: string[] = [];
  return {
    calls,
    handler: {
      handle: async (request: { headers: Record<string, string> }) => {
        const operation = String(request.headers['x-amz-target']).split('.').pop()!;
        calls.push(operation);
        const answers = script[operation]!;
        const answer = answers.length > 1 ? answers.shift()! : answers[0]!;
        return {
          response: {
            statusCode: answer.status,
            headers: { 'content-type': 'application/x-amz-json-1.1' },
            body: Readable.from([Buffer.from(JSON.stringify(answer.body))]),
          },
        };
      },
    },
  };
}

const throttled = { status: 400, body: { __type: 'ThrottlingException', message: 'Rate exceeded' } };
const denied = { status: 400, body: { __type: 'AccessDeniedException', message: 'not authorized' } };
const inVpc = (name: string) => ({
  status: 200,
  body: {
    ModelName: name,
    ModelArn: `arn:aws:sagemaker:eu-west-1:123456789012:model/${name}`,
    VpcConfig: { Subnets: ['subnet-1a2b3c4d'], SecurityGroupIds: ['sg-1a2b3c4d'] },
  },
});

function client(handler: ReturnType<typeof scriptedHandler>['handler']): SageMakerClient {
  return new SageMakerClient({
    ...CLIENT_OPTIONS,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requestHandler: handler,
  });
}

describe('the SDK clients as configured for the rule', () => {
  it('ride out throttling on ListModels and DescribeModel without losing a model', async () => {
    const scripted = scriptedHandler({
      ListModels: [
        throttled,
        throttled,
        { status: 200, body: { Models: [{ ModelName: 'a', ModelArn: 'arn:a' }] } },
      ],
      DescribeModel: [throttled, inVpc('a')],
    });
    const judged: string[] = [];
    const result = await sweepModels(
      client(scripted.handler),
      { withTags: false, concurrency: 4 },
      (model) => {
        judged.push(model.name);
      },
    );
    expect(result.failures).toEqual([]);
    expect(judged).toEqual(['a']);
    expect(scripted.calls).toEqual([
      'ListModels',
      'ListModels',
      'ListModels',
      'DescribeModel',
      'DescribeModel',
    ]);
  }, 30_000);

  it('do not retry an access-denied error: the model is a failure at once', async () => {
    const scripted = scriptedHandler({
      ListModels: [{ status: 200, body: { Models: [{ ModelName: 'a', ModelArn: 'arn:a' }] } }],
      DescribeModel: [denied],
    });
    const result = await sweepModels(
      client(scripted.handler),
      { withTags: false, concurrency: 1 },
      () => undefined,
    );
    expect(result.failures).toEqual([{ name: 'a', error: 'AccessDeniedException: not authorized' }]);
    expect(scripted.calls).toEqual(['ListModels', 'DescribeModel']);
  });

  it('allow enough attempts for a burst', () => {
    expect(CLIENT_OPTIONS).toEqual({ retryMode: 'standard', maxAttempts: 10 });
  });
});
