/**
 * CloudFormation takes templates of at most 1 MB (from S3; 51,200 bytes inline). A file five times
 * that size is no template anyone can deploy, and parsing it would cost seconds and hundreds of MB:
 * a large data file in a scanned directory is skipped with a note, and a file named as a template is
 * an ERROR, without being read.
 */
export const MAX_TEMPLATE_BYTES = 5 * 1024 * 1024;

/**
 * YAML costs far more to parse than JSON: a real 1 MB template peaks near 200 MB, and 5 MB of a flow
 * sequence (`[1,1,...]`) took gigabytes. Text read as YAML is refused beyond CloudFormation's own
 * limit of 1 MB, which no deployable template exceeds.
 */
export const MAX_YAML_TEMPLATE_BYTES = 1024 * 1024;

/**
 * What the YAML parser builds grows with the tokens of the text, not its bytes: 1 MB of a flow sequence
 * (`[a,a,...]`) holds a million and could not be parsed in a 256 MB heap, while real templates hold one
 * token in 12 to 15 bytes, about 90,000 in 1 MB. Tokens are the keys, values, indicators, anchors,
 * aliases and tags the lexer yields (whitespace, line breaks and comments are not counted); they are
 * counted before the parser runs, and text with more is refused. At the limit, the costliest shape
 * measured (flow sequences nested in one another) parses in a 160 MB heap, a real 1 MB template in 64 MB.
 */
export const MAX_YAML_TOKENS = 200_000;

/**
 * Real templates nest a few dozen levels at most (a CDK stack's deepest are around 20). Anything
 * deeper is refused before the data is built, which bounds every recursion that follows: the YAML
 * composer's, the evaluator's, and V8's own regular-expression compiler, which aborted the process
 * after two 100,000-deep files.
 */
export const MAX_NESTING_DEPTH = 200;

/**
 * Duplicate keys warned about per file; the rest are counted in one warning. A file can hold a
 * hundred thousand of them, and a warning each would bury the report (and once overflowed the stack).
 */
export const MAX_DUPLICATE_KEY_WARNINGS = 20;

export function describeBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
