import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { awsClientOptions } from '../aws/client-options';

let client: SageMakerClient | undefined;

/** One client per container; only the periodic sweep imports this module. */
export function sageMakerClient(): SageMakerClient {
  client ??= new SageMakerClient(awsClientOptions());
  return client;
}
