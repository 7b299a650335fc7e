// Imports a handler bundle in this fresh process, invokes it once, and prints what that cost.
// Plain JavaScript so that nothing but Node.js and the bundle is measured.
// Usage: node bench/handler-child.mjs BUNDLE change|scheduled|pass [REMAINING_MS]
//   (AWS_ENDPOINT_URL: the API to use). `pass` sweeps again, each invocation with REMAINING_MS left, until
//   the pass over the fleet is complete, and prints each sweep's time and summary.
import { pathToFileURL } from 'node:url';

const [bundle, kind, remaining] = process.argv.slice(2);
if (!bundle || !['change', 'scheduled', 'pass'].includes(kind))
  throw new Error('usage: handler-child.mjs BUNDLE change|scheduled|pass [REMAINING_MS]');
/** A pass that needs more sweeps than this has failed to converge. */
const MAX_SWEEPS = 1000;

const common = {
  version: '1.0',
  ruleParameters: '{}',
  resultToken: 'bench-token',
  eventLeftScope: false,
  configRuleName: 'sagemaker-model-vpc-configured',
  accountId: '123456789012',
};
const now = new Date().toISOString();
const invokingEvent =
  kind !== 'change'
    ? { messageType: 'ScheduledNotification', awsAccountId: '123456789012', notificationCreationTime: now }
    : {
        messageType: 'ConfigurationItemChangeNotification',
        notificationCreationTime: now,
        configurationItem: {
          resourceType: 'AWS::SageMaker::Model',
          resourceId: 'fraud-scoring-v3',
          resourceName: 'fraud-scoring-v3',
          configurationItemStatus: 'OK',
          configurationItemCaptureTime: now,
          configuration: {
            ModelName: 'fraud-scoring-v3',
            VpcConfig: { Subnets: ['subnet-1a2b3c4d'], SecurityGroupIds: ['sg-1a2b3c4d'] },
          },
          tags: {},
        },
      };

const importStarted = performance.now();
const { handler } = await import(pathToFileURL(bundle).href);
const importMs = performance.now() - importStarted;
const event = { ...common, invokingEvent: JSON.stringify(invokingEvent) };
const invokeStarted = performance.now();
if (kind !== 'pass') {
  const summary = await handler(event);
  const invokeMs = performance.now() - invokeStarted;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ importMs, invokeMs, maxRssMb, summary })}\n`);
} else {
  const sweeps = [];
  while (sweeps.length < MAX_SWEEPS && !sweeps.at(-1)?.summary.passComplete) {
    const started = performance.now();
    const context = { getRemainingTimeInMillis: () => Number(remaining) - (performance.now() - started) };
    const summary = await handler(event, context);
    sweeps.push({ invokeMs: performance.now() - started, summary });
  }
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ importMs, maxRssMb, sweeps })}\n`);
}
