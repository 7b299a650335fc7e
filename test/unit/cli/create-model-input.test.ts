import type { DescribeModelOutput } from '@aws-sdk/client-sagemaker';
import {
  createModelInputFrom,
  hasEnvironmentValues,
  REDACTED_ENVIRONMENT_VALUE,
  redactEnvironment,
} from '../../../cli/plan-fix/create-model-input';

const VPC = { Subnets: ['subnet-12345678'], SecurityGroupIds: ['sg-12345678'] };

const described: DescribeModelOutput = {
  ModelName: 'scorer',
  ModelArn: 'arn:aws:sagemaker:eu-west-1:123456789012:model/scorer',
  CreationTime: new Date('2025-01-01T00:00:00Z'),
  ExecutionRoleArn: 'arn:aws:iam::123456789012:role/exec',
  Containers: [
    { Image: 'pre:1', Environment: { TOKEN: 'secret-1' } },
    { Image: 'main:1', Environment: {} },
  ],
  InferenceExecutionConfig: { Mode: 'Serial' },
  EnableNetworkIsolation: true,
  VpcConfig: { Subnets: [], SecurityGroupIds: [] },
};

describe('create-model input from a described model', () => {
  it('copies what CreateModel accepts, swaps name and VpcConfig, and leaves out output-only fields', () => {
    const input = createModelInputFrom(
      described,
      [
        { Key: 'team', Value: 'risk' },
        { Key: 'aws:cloudformation:stack-name', Value: 's' },
      ],
      {
        modelName: 'scorer-vpc',
        vpcConfig: VPC,
      },
    );
    expect(input).toEqual({
      ModelName: 'scorer-vpc',
      Containers: [{ Image: 'pre:1', Environment: { TOKEN: 'secret-1' } }, { Image: 'main:1' }],
      InferenceExecutionConfig: { Mode: 'Serial' },
      ExecutionRoleArn: 'arn:aws:iam::123456789012:role/exec',
      VpcConfig: VPC,
      EnableNetworkIsolation: true,
      Tags: [{ Key: 'team', Value: 'risk' }],
    });
  });

  it('turns network isolation on only when asked to', () => {
    const withoutIsolation = { ...described, EnableNetworkIsolation: false };
    expect(
      createModelInputFrom(withoutIsolation, [], { modelName: 'x', vpcConfig: VPC }).EnableNetworkIsolation,
    ).toBe(false);
    expect(
      createModelInputFrom(withoutIsolation, [], {
        modelName: 'x',
        vpcConfig: VPC,
        enableNetworkIsolation: true,
      }).EnableNetworkIsolation,
    ).toBe(true);
  });

  it('drops an empty VpcConfig rather than send one CreateModel rejects', () => {
    const input = createModelInputFrom(described, [], {
      modelName: 'scorer',
      vpcConfig: described.VpcConfig,
    });
    expect(input).not.toHaveProperty('VpcConfig');
    expect(input).not.toHaveProperty('Tags');
  });

  it('redacts every Environment value, keeping the names, without touching the input', () => {
    const input = createModelInputFrom(
      { ...described, PrimaryContainer: { Image: 'p:1', Environment: { KEY: 'secret-2' } } },
      [],
      { modelName: 'x', vpcConfig: VPC },
    );
    const redacted = redactEnvironment(input);
    expect(JSON.stringify(redacted)).not.toMatch(/secret-/);
    expect(redacted.PrimaryContainer?.Environment).toEqual({ KEY: REDACTED_ENVIRONMENT_VALUE });
    expect(redacted.Containers?.[0]?.Environment).toEqual({ TOKEN: REDACTED_ENVIRONMENT_VALUE });
    expect(input.PrimaryContainer?.Environment).toEqual({ KEY: 'secret-2' });
    expect(hasEnvironmentValues(input)).toBe(true);
    expect(hasEnvironmentValues({ ModelName: 'x', PrimaryContainer: { Image: 'p:1' } })).toBe(false);
  });
});
