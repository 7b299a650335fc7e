/**
 * Real templates nest a few dozen levels at most (a CDK stack's deepest are around 20). Anything
 * deeper is refused before the data is built, which bounds every recursion that follows: the YAML
 * composer's, the evaluator's, and V8's own regular-expression compiler, which aborted the process
 * after two 100,000-deep files.
 */
export const MAX_NESTING_DEPTH = 200;
