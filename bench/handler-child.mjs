// Imports a handler bundle in this fresh process, invokes it once, and prints what that cost.
// Plain JavaScript so that nothing but Node.js and the bundle is measured.
// Usage: node bench/handler-child.mjs BUNDLE change|scheduled   (AWS_ENDPOINT_URL: the API to use)
import { pathToFileURL } from 'node:url';

const [bundle, kind] = process.argv.slice(2);
if (!bundle || !['change', 'scheduled'].includes(kind))
  throw new Error('usage: handler-child.mjs BUNDLE change|scheduled');

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
  kind === 'scheduled'
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
const invokeStarted = performance.now();
const summary = await handler({ ...common, invokingEvent: JSON.stringify(invokingEvent) });
const invokeMs = performance.now() - invokeStarted;
const maxRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ importMs, invokeMs, maxRssMb, summary })}\n`);
