/** moto's default account: every ARN the emulator returns carries it. */
export const EMULATED_ACCOUNT_ID = '123456789012';
export const EMULATED_REGION = 'eu-west-1';

/**
 * Points every AWS SDK client created from now on at the emulator. Call it before the first client
 * exists: the handler's clients are module-level singletons that read the environment once.
 */
export function useEmulator(endpoint: string): void {
  process.env.AWS_ENDPOINT_URL = endpoint;
  process.env.AWS_REGION = EMULATED_REGION;
  process.env.AWS_ACCESS_KEY_ID = 'emulator';
  process.env.AWS_SECRET_ACCESS_KEY = 'emulator';
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
}
