import { loadEvent } from '../../support/fixtures';

// Counts loads of the SageMaker client module; the change-triggered path must not load it.
let mockSageMakerLoads = 0;
jest.mock('@aws-sdk/client-sagemaker', () => {
  mockSageMakerLoads += 1;
  return jest.requireActual('@aws-sdk/client-sagemaker');
});

describe('client loading', () => {
  it('handles change notifications without loading the SageMaker client', async () => {
    await jest.isolateModulesAsync(async () => {
      const { mockClient } = await import('aws-sdk-client-mock');
      const { ConfigServiceClient, PutEvaluationsCommand } = await import('@aws-sdk/client-config-service');
      mockClient(ConfigServiceClient).on(PutEvaluationsCommand).resolves({ FailedEvaluations: [] });
      const { handler } = await import('../../../lambda/handler');

      await handler(loadEvent('change-compliant'));
      await handler(loadEvent('change-without-vpc-config'));
      expect(mockSageMakerLoads).toBe(0);

      // The counter does see the sweep's import graph.
      await import('../../../lambda/periodic-sweep');
      expect(mockSageMakerLoads).toBe(1);
    });
  });

  it('creates each client once per container', async () => {
    const { configClient } = await import('../../../lambda/handler');
    const { sageMakerClient } = await import('../../../lambda/sagemaker-client');
    expect(configClient()).toBe(configClient());
    expect(sageMakerClient()).toBe(sageMakerClient());
  });
});
