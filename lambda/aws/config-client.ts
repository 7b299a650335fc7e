import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { CLIENT_OPTIONS } from '../../aws/client-options';

let client: ConfigServiceClient | undefined;

/** One client per container: created on first use and kept across warm invocations. */
export function configClient(): ConfigServiceClient {
  client ??= new ConfigServiceClient(CLIENT_OPTIONS);
  return client;
}
