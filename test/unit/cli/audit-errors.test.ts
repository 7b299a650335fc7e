import {
  DescribeModelCommand,
  ListModelsCommand,
  ListTagsCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { main } from '../../../cli/main';
import type { JsonReport } from '../../../cli/report/json';
import { captureIo } from './capture-io';

const sageMaker = mockClient(SageMakerClient);
const arn = (name: string) => `arn:aws:sagemaker:eu-west-1:123456789012:model/${name}`;
const accessDenied = (message: string) =>
  Object.assign(new Error(message), { name: 'AccessDeniedException' });

beforeEach(() => {
  sageMaker.reset();
});

async function audit(...args: string[]) {
  const captured = captureIo();
  const code = await main(['audit', '--format', 'json', ...args], captured.io);
  return {
    code,
    report: captured.stdout() && (JSON.parse(captured.stdout()) as JsonReport),
    stderr: captured.stderr(),
  };
}

describe('audit when the API fails', () => {
  it('reports a model that could not be described as ERROR, never compliant, and exits 2', async () => {
    sageMaker.on(ListModelsCommand).resolves({
      Models: [
        { ModelName: 'readable', ModelArn: arn('readable'), CreationTime: new Date() },
        { ModelName: 'locked', ModelArn: arn('locked'), CreationTime: new Date() },
      ],
    });
    sageMaker
      .on(DescribeModelCommand, { ModelName: 'readable' })
      .resolves({
        ModelName: 'readable',
        ModelArn: arn('readable'),
        VpcConfig: { Subnets: ['subnet-12345678'], SecurityGroupIds: ['sg-12345678'] },
      })
      .on(DescribeModelCommand, { ModelName: 'locked' })
      .rejects(accessDenied('User is not authorized to perform sagemaker:DescribeModel'));
    const { code, report, stderr } = await audit('--region', 'eu-west-1');
    expect(code).toBe(2);
    expect(
      report && report.findings.map((finding) => [finding.resource, finding.compliance, finding.resourceArn]),
    ).toEqual([
      ['locked', 'ERROR', arn('locked')],
      ['readable', 'COMPLIANT', arn('readable')],
    ]);
    expect(report && report.findings[0]!.reasons).toEqual([
      'Could not describe the model: DescribeModel failed: AccessDeniedException: User is not authorized to perform sagemaker:DescribeModel',
    ]);
    expect(stderr).toBe(
      'error: eu-west-1/locked: Could not describe the model: DescribeModel failed: AccessDeniedException: User is not authorized to perform sagemaker:DescribeModel\n',
    );
  });

  it('reports a region whose models cannot be listed as an ERROR for the whole region, and still reports the others', async () => {
    sageMaker.on(ListModelsCommand).callsFake(async (_input, getClient) => {
      if ((await getClient().config.region()) === 'us-east-1') throw accessDenied('no ListModels here');
      return { Models: [] };
    });
    const { code, report, stderr } = await audit('--region', 'eu-west-1,us-east-1');
    expect(code).toBe(2);
    expect(report && report.findings).toEqual([
      {
        location: 'us-east-1',
        resource: '*',
        compliance: 'ERROR',
        reasons: ['Could not list models: ListModels failed: AccessDeniedException: no ListModels here'],
        unchecked: [],
        annotation: 'Could not list models: ListModels failed: AccessDeniedException: no ListModels here',
      },
    ]);
    expect(report && report.scope).toEqual(['eu-west-1', 'us-east-1']);
    expect(stderr).toContain('error: us-east-1: Could not list models');
  });

  it('keeps control characters of an API message off the terminal', async () => {
    sageMaker
      .on(ListModelsCommand)
      .resolves({ Models: [{ ModelName: 'm', ModelArn: arn('m'), CreationTime: new Date() }] });
    sageMaker.on(DescribeModelCommand).rejects(accessDenied('denied\u001b]0;retitled\u0007\nsecond line'));
    const { code, stderr } = await audit('--region', 'eu-west-1');
    expect(code).toBe(2);
    expect(stderr).toBe(
      'error: eu-west-1/m: Could not describe the model: DescribeModel failed: AccessDeniedException: denied ]0;retitled second line\n',
    );
  });

  it('reads tags only when an exemption tag makes them matter, as the Lambda does', async () => {
    sageMaker
      .on(ListModelsCommand)
      .resolves({ Models: [{ ModelName: 'm', ModelArn: arn('m'), CreationTime: new Date() }] });
    sageMaker.on(DescribeModelCommand).resolves({ ModelName: 'm', ModelArn: arn('m') });
    sageMaker.on(ListTagsCommand).resolves({ Tags: [{ Key: 'exempt', Value: 'yes' }] });
    expect((await audit('--region', 'eu-west-1')).report).toMatchObject({
      findings: [{ compliance: 'NON_COMPLIANT' }],
    });
    expect(sageMaker.commandCalls(ListTagsCommand)).toHaveLength(0);
    expect((await audit('--region', 'eu-west-1', '--exemption-tag', 'exempt')).report).toMatchObject({
      findings: [{ compliance: 'NOT_APPLICABLE', annotation: 'Exempted by tag exempt' }],
    });
  });
});
