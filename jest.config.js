const shared = require('./jest.shared');

/**
 * The fast layer (`npm test`): unit, property, in-process handler, CLI and CDK assertion tests. Nothing
 * here starts a process or the emulator; those are in test/e2e (jest.e2e.config.js).
 * @type {import('jest').Config}
 */
module.exports = {
  ...shared,
  roots: ['<rootDir>/test/unit'],
  setupFiles: [...shared.setupFiles, '<rootDir>/test/unit/setup-unit-env.ts'],
  // In-process CDK synthesis bundles the handler with esbuild: seconds, more on a busy machine.
  testTimeout: 60_000,
  collectCoverageFrom: [
    'evaluator/**/*.ts',
    'aws/**/*.ts',
    'settings/**/*.ts',
    'policy/**/*.ts',
    'lambda/**/*.ts',
    'hook/**/*.ts',
    'cli/**/*.ts',
    'lib/**/*.ts',
    'app/**/*.ts',
  ],
  coverageReporters: ['text-summary', 'lcov'],
  coverageThreshold: {
    global: { statements: 90, branches: 75, functions: 90, lines: 90 },
    './evaluator/': { statements: 97, branches: 93, functions: 100, lines: 97 },
  },
};
