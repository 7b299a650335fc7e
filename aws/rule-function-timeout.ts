/**
 * The rule function's default timeout, one definition for the CDK construct, which sets it, and the
 * handler, which gives an invocation without a Lambda context (tests, the demo) the same budget.
 */
export const DEFAULT_TIMEOUT_MINUTES = 10;
