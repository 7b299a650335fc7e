const shared = require('./jest.shared');

/**
 * The end-to-end layer (`npm run test:e2e`): the handler against the moto emulator, the CLI and the CDK
 * app as child processes, the bundled Lambda asset and the benchmark smoke run. Every test starts
 * processes, so timeouts are sized for a busy 2-core machine, and suites run one at a time so that
 * they do not starve one another.
 * @type {import('jest').Config}
 */
module.exports = {
  ...shared,
  roots: ['<rootDir>/test/e2e'],
  testTimeout: 180_000,
  maxWorkers: 1,
};
