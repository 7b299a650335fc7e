// Runs one periodic sweep through a handler bundle in this fresh process and prints what it cost.
// Plain JavaScript so that nothing but node and the bundle is measured.
// Usage: node bench/sweep-child.mjs BUNDLE_PATH   (AWS_ENDPOINT_URL points at the API to sweep)
import { pathToFileURL } from 'node:url';

const bundle = process.argv[2];
if (!bundle) throw new Error('usage: sweep-child.mjs BUNDLE_PATH');

const { handler } = await import(pathToFileURL(bundle).href);
const event = {
  version: '1.0',
  invokingEvent: JSON.stringify({
    messageType: 'ScheduledNotification',
    awsAccountId: '123456789012',
    notificationCreationTime: new Date().toISOString(),
    recordVersion: '1.0',
  }),
  ruleParameters: '{}',
  resultToken: 'bench-token',
  eventLeftScope: false,
  configRuleName: 'sagemaker-model-vpc-configured',
  accountId: '123456789012',
};
const started = performance.now();
const summary = await handler(event);
const wallMs = performance.now() - started;
const maxRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ wallMs, maxRssMb, summary })}\n`);
