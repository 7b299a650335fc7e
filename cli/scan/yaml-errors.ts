import type { ErrorCode } from 'yaml';

/** The parser's error codes, and the problems found in a parsed document before it becomes data. */
export type YamlProblemCode = ErrorCode | 'UNRESOLVED_ALIAS' | 'CYCLIC_ALIAS' | 'UNCONVERTIBLE';

/**
 * What each parser error code means, in words of our own: the parser's messages quote the source
 * (`Block scalar header includes extra characters: |<value>`), and the source can hold a container
 * `Environment` value.
 */
const MEANINGS: Readonly<Record<YamlProblemCode, string>> = {
  ALIAS_PROPS: 'an alias cannot have an anchor or a tag',
  BAD_ALIAS: 'an alias is malformed',
  BAD_COLLECTION_TYPE: 'a tag is used on the wrong kind of collection',
  BAD_DIRECTIVE: 'a directive is malformed',
  BAD_DQ_ESCAPE: 'a double-quoted string has an invalid escape',
  BAD_INDENT: 'a collection is not indented enough or not closed',
  BAD_PROP_ORDER: 'an anchor or a tag is out of place',
  BAD_SCALAR_START: 'a plain value starts with a reserved character',
  BLOCK_AS_IMPLICIT_KEY: 'a block value is used as a key',
  BLOCK_IN_FLOW: 'a block value is inside a flow collection',
  DUPLICATE_KEY: 'a map has the same key twice',
  IMPOSSIBLE: 'the parser reached an impossible state',
  KEY_OVER_1024_CHARS: 'an implicit key is longer than 1024 characters',
  MISSING_CHAR: 'a closing quote or bracket is missing',
  MULTILINE_IMPLICIT_KEY: 'an implicit key spans lines',
  MULTIPLE_ANCHORS: 'a value has more than one anchor',
  MULTIPLE_DOCS: 'the file holds more than one document',
  MULTIPLE_TAGS: 'a value has more than one tag',
  NON_STRING_KEY: 'a key is not a string',
  RESOURCE_EXHAUSTION: 'the document nests too deep',
  TAB_AS_INDENT: 'a tab is used for indentation',
  TAG_RESOLVE_FAILED: 'a tagged value cannot be read',
  UNEXPECTED_TOKEN: 'unexpected characters (for example after a block scalar header)',
  UNRESOLVED_ALIAS: 'an alias refers to no earlier anchor',
  CYCLIC_ALIAS: 'an alias refers to a value that contains it',
  UNCONVERTIBLE: 'the document cannot be turned into data (its aliases expand too far, or it nests too deep)',
};

/** `YAML error BAD_INDENT at line 6: a collection is not indented enough or not closed`. */
export function describeYamlProblem(code: YamlProblemCode, line: number | undefined): string {
  return `YAML error ${code}${line === undefined ? '' : ` at line ${line}`}: ${MEANINGS[code]}`;
}
