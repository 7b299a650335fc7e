import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { awsClientOptions } from '../aws/client-options';

/**
 * A SageMaker client with the Lambda's retry settings. Credentials come from the standard chain (from
 * `profile` when given), the region from the chain unless named, and the endpoint follows
 * AWS_ENDPOINT_URL like every SDK v3 client.
 */
export function sageMakerClientFor(region: string | undefined, profile: string | undefined): SageMakerClient {
  return new SageMakerClient({
    ...awsClientOptions(),
    ...(region !== undefined && { region }),
    ...(profile !== undefined && { profile }),
  });
}

/** The region the SDK's default chain resolves (AWS_REGION, then the profile's `region`), if any. */
export async function configuredRegion(profile: string | undefined): Promise<string | undefined> {
  const client = sageMakerClientFor(undefined, profile);
  try {
    return await client.config.region();
  } catch {
    return undefined;
  } finally {
    client.destroy();
  }
}
