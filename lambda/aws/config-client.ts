import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { awsClientOptions } from '../../aws/client-options';

let client: ConfigServiceClient | undefined;

/** One client per container: created on first use and kept across warm invocations. */
export function configClient(): ConfigServiceClient {
  client ??= new ConfigServiceClient(awsClientOptions());
  return client;
}
