import { printParseErrorCode, visit as visitJson } from 'jsonc-parser';
import {
  Composer,
  CST,
  isAlias,
  isMap,
  isScalar,
  Lexer,
  LineCounter,
  Pair,
  Parser,
  Scalar,
  visit,
  YAMLMap,
  type Document,
  type Node,
  type Tags,
} from 'yaml';
import {
  describeBytes,
  MAX_DUPLICATE_KEY_WARNINGS,
  MAX_NESTING_DEPTH,
  MAX_YAML_TEMPLATE_BYTES,
  MAX_YAML_TOKENS,
} from './limits';
import { describeYamlProblem, type YamlProblemCode } from './yaml-errors';

/** A key that a map holds twice: CloudFormation takes the last value, and so does the scan. */
export interface DuplicateKey {
  readonly key: string;
  /** 1-based lines of the key's first and last appearance in its map. */
  readonly firstLine: number;
  readonly line: number;
}

/** A template as plain data, with where each resource starts. */
export interface ParsedTemplate {
  readonly body: unknown;
  /** 1-based line of each resource's logical ID in `Resources`. */
  readonly resourceLines: ReadonlyMap<string, number>;
  readonly duplicateKeys: DuplicateKeys;
}

/** The first MAX_DUPLICATE_KEY_WARNINGS duplicate keys of a file, in order, and how many more it has. */
export class DuplicateKeys {
  readonly first: DuplicateKey[] = [];
  more = 0;

  add(duplicate: DuplicateKey): void {
    if (this.first.length < MAX_DUPLICATE_KEY_WARNINGS) this.first.push(duplicate);
    else this.more += 1;
  }
}

/**
 * Why a template cannot be read, in a fixed text per problem (a parser's error code, never its
 * message, which quotes the source); the line is the finding's line.
 */
export class TemplateParseError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'TemplateParseError';
  }
}

function yamlError(code: YamlProblemCode, line?: number): TemplateParseError {
  return new TemplateParseError(describeYamlProblem(code, line), line);
}

/**
 * A document beyond what any template holds, refused before the parser that would pay for it runs. A
 * parse error of its own kind: a file found while walking is then skipped with a note, not an ERROR.
 */
export class TemplateBeyondLimitError extends TemplateParseError {
  constructor(message: string, line?: number) {
    super(message, line);
    this.name = 'TemplateBeyondLimitError';
  }
}

function tooDeep(line: number): TemplateBeyondLimitError {
  return new TemplateBeyondLimitError(
    `it nests deeper than ${MAX_NESTING_DEPTH} levels (at line ${line}), which no template does`,
    line,
  );
}

/** The YAML short forms CloudFormation accepts, each standing for `Fn::<name>` (or `Ref`, `Condition`). */
const SHORT_FORM_FUNCTIONS = [
  'Ref',
  'Condition',
  'GetAtt',
  'If',
  'Sub',
  'Join',
  'Select',
  'Split',
  'FindInMap',
  'ImportValue',
  'Equals',
  'Not',
  'And',
  'Or',
  'Base64',
  'Cidr',
  'GetAZs',
  'Transform',
  'Length',
  'ToJsonString',
];

/** Bounds what anchors and aliases can expand to, so a crafted template cannot exhaust memory. */
const MAX_ALIAS_COUNT = 100;
const BYTE_ORDER_MARK = '\uFEFF';

/** How a file's text is to be read: `json` for a `.json` file, `any` for JSON or YAML. */
export type TemplateSyntax = 'json' | 'any';

/**
 * Parses a JSON or YAML template. Valid JSON is read as JSON (dozens of times faster than the YAML
 * parser on a CDK template). A `.json` file that is not valid JSON is reported with the JSON parser's
 * error code and line: handing it to the YAML parser would cost gigabytes on a large data file (JSON
 * Lines, say) and name a YAML problem in a JSON file. Any other text goes through the YAML parser
 * (YAML's flow style `{Resources: ...}` starts like JSON), up to MAX_YAML_TEMPLATE_BYTES. A key given
 * twice in a map is accepted, the last value winning as in CloudFormation, and reported. No message
 * of either parser is kept, only an error code: their messages quote the source, which could show a
 * container `Environment` value.
 */
export function parseTemplate(source: string, syntax: TemplateSyntax = 'any'): ParsedTemplate {
  const text = source.startsWith(BYTE_ORDER_MARK) ? source.slice(1) : source;
  if (syntax === 'json') return parseJsonTemplate(text) ?? throwJsonError(text);
  return (/^\s*\{/.test(text) && parseJsonTemplate(text)) || parseYamlTemplate(text);
}

/** Undefined when the text is not strict JSON. */
function parseJsonTemplate(text: string): ParsedTemplate | undefined {
  let body: unknown;
  try {
    // V8 parses JSON without recursion; the visit that follows checks the depth before it recurses.
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  const { resourceLines, duplicateKeys } = visitJsonTemplate(text);
  return { body, resourceLines, duplicateKeys };
}

/** The JSON parser's first error in text that JSON.parse refused, with its line. */
function throwJsonError(text: string): never {
  const { firstError } = visitJsonTemplate(text);
  if (firstError === undefined) throw new TemplateParseError('JSON error: the file is not valid JSON');
  const { code, line } = firstError;
  throw new TemplateParseError(`JSON error ${code} at line ${line}: the file is not valid JSON`, line);
}

interface JsonTemplateVisit {
  readonly resourceLines: Map<string, number>;
  readonly duplicateKeys: DuplicateKeys;
  readonly firstError?: { readonly code: string; readonly line: number };
}

/**
 * Resource lines, duplicate keys and the first syntax error, in one pass of jsonc-parser's visitor
 * (strict JSON: no comments, no trailing commas). The visitor recurses once per level, so a collection
 * nested deeper than MAX_NESTING_DEPTH stops it before the stack can run out.
 */
function visitJsonTemplate(text: string): JsonTemplateVisit {
  const resourceLines = new Map<string, number>();
  const duplicateKeys = new DuplicateKeys();
  let firstError: JsonTemplateVisit['firstError'];
  const keysOfOpenObjects: Map<string, number>[] = [];
  let depth = 0;
  const enter = (_offset: number, _length: number, startLine: number): void => {
    depth += 1;
    if (depth > MAX_NESTING_DEPTH) throw tooDeep(startLine + 1);
  };
  const leave = (): void => void (depth -= 1);
  visitJson(
    text,
    {
      onObjectBegin: (offset, length, startLine) => {
        enter(offset, length, startLine);
        keysOfOpenObjects.push(new Map());
      },
      onObjectEnd: () => {
        leave();
        keysOfOpenObjects.pop();
      },
      onArrayBegin: enter,
      onArrayEnd: leave,
      onObjectProperty: (key, _offset, _length, startLine, _character, pathOf) => {
        const line = startLine + 1;
        // Logical IDs are keys of the second object level; only there is the (costly) path worth asking.
        if (keysOfOpenObjects.length === 2 && pathOf()[0] === 'Resources') resourceLines.set(key, line);
        const seen = keysOfOpenObjects.at(-1);
        const firstLine = seen?.get(key);
        if (firstLine === undefined) seen?.set(key, line);
        else duplicateKeys.add({ key, firstLine, line });
      },
      onError: (error, _offset, _length, startLine) => {
        firstError ??= { code: printParseErrorCode(error), line: startLine + 1 };
      },
    },
    { disallowComments: true, allowTrailingComma: false },
  );
  return { resourceLines, duplicateKeys, ...(firstError && { firstError }) };
}

/**
 * The tokens are counted before the parser builds its syntax tree, which bounds the tree; the parser
 * builds it without recursion, and the depth is checked on it before the composer (which recurses)
 * turns it into a document.
 */
function parseYamlTemplate(text: string): ParsedTemplate {
  // Measured: a real 1 MB template peaks near 200 MB, a 1 MB flow sequence of numbers near 600 MB.
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_YAML_TEMPLATE_BYTES) {
    throw new TemplateBeyondLimitError(
      `${describeBytes(bytes)} of YAML, more than the ${describeBytes(MAX_YAML_TEMPLATE_BYTES)} the scan parses as YAML ` +
        '(CloudFormation takes templates of at most 1 MB)',
    );
  }
  if (hasTokensBeyondLimit(text)) {
    throw new TemplateBeyondLimitError(
      `it holds more than ${MAX_YAML_TOKENS} YAML tokens, which no template does ` +
        '(a 1 MB template holds about 90000)',
    );
  }
  const lineCounter = new LineCounter();
  const lineAt = (offset: number): number => lineCounter.linePos(offset).line;
  const tokens = [...new Parser(lineCounter.addNewLine).parse(text)];
  const deepAt = offsetBeyondDepth(tokens);
  if (deepAt !== undefined) throw tooDeep(lineAt(deepAt));

  const [document, second] = new Composer({ customTags: shortFormTags, uniqueKeys: false }).compose(
    tokens,
    true,
    text.length,
  );
  // compose(…, true) always yields a document, even for an empty text.
  const parsed = document as Document.Parsed;
  const [error] = parsed.errors;
  // An unclosed bracket is reported at the end of the text, past the last line people can see.
  const lastCharacter = Math.max(0, text.trimEnd().length - 1);
  if (error !== undefined) throw yamlError(error.code, lineAt(Math.min(error.pos[0], lastCharacter)));
  if (second !== undefined) throw yamlError('MULTIPLE_DOCS', lineAt(second.range[0]));
  const badAlias = findBadAlias(parsed);
  if (badAlias !== undefined) throw yamlError(badAlias.code, lineAt(badAlias.offset));

  let body: unknown;
  try {
    body = parsed.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    throw yamlError('UNCONVERTIBLE');
  }
  const resources = isMap(parsed.contents) ? parsed.contents.get('Resources', true) : undefined;
  const resourceLines = new Map<string, number>();
  if (isMap(resources)) {
    for (const pair of resources.items) {
      if (isScalar(pair.key) && pair.key.range)
        resourceLines.set(String(pair.key.value), lineAt(pair.key.range[0]));
    }
  }
  return { body, resourceLines, duplicateKeys: duplicateKeysOf(parsed, lineAt) };
}

/** What the lexer yields that the parser builds no node from; `scalar` marks the scalar that follows. */
const UNCOUNTED_LEXEMES: ReadonlySet<string> = new Set(['space', 'newline', 'comment', 'scalar']);

/**
 * Counts the tokens with the lexer, which keeps none of them, and stops at the limit: the parser that
 * follows keeps them all, in a syntax tree several hundred bytes a token.
 */
function hasTokensBeyondLimit(text: string): boolean {
  let tokens = 0;
  for (const lexeme of new Lexer().lex(text)) {
    const type = CST.tokenType(lexeme);
    if (type !== null && UNCOUNTED_LEXEMES.has(type)) continue;
    tokens += 1;
    if (tokens > MAX_YAML_TOKENS) return true;
  }
  return false;
}

/** The offset of the first collection nested deeper than MAX_NESTING_DEPTH, walking without recursion. */
function offsetBeyondDepth(tokens: readonly CST.Token[]): number | undefined {
  const pending: [CST.Token, number][] = tokens.map((token) => [token, 0]);
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [token, outerDepth] = next;
    if (token.type === 'document') {
      if (token.value) pending.push([token.value, outerDepth]);
      continue;
    }
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection')
      continue;
    const depth = outerDepth + 1;
    if (depth > MAX_NESTING_DEPTH) return token.offset;
    for (const item of token.items as CST.CollectionItem[]) {
      if (item.key) pending.push([item.key, depth]);
      if (item.value) pending.push([item.value, depth]);
    }
  }
  return undefined;
}

function duplicateKeysOf(document: Document, lineAt: (offset: number) => number): DuplicateKeys {
  const duplicates = new DuplicateKeys();
  visit(document, {
    Map: (_key, map) => {
      const seen = new Map<string, number>();
      for (const { key } of map.items) {
        if (!isScalar(key) || !key.range) continue;
        const name = String(key.value);
        const line = lineAt(key.range[0]);
        const firstLine = seen.get(name);
        if (firstLine === undefined) seen.set(name, line);
        else duplicates.add({ key: name, firstLine, line });
      }
    },
  });
  return duplicates;
}

/**
 * An alias must name an anchor set before it, and not one of the values that contain it: such an
 * alias would make the data cyclic, which no template can be.
 */
function findBadAlias(
  document: Document,
): { code: 'UNRESOLVED_ALIAS' | 'CYCLIC_ALIAS'; offset: number } | undefined {
  const anchored = new Map<string, Node>();
  let found: { code: 'UNRESOLVED_ALIAS' | 'CYCLIC_ALIAS'; offset: number } | undefined;
  visit(document, {
    Node: (_key, node, path) => {
      if (isAlias(node)) {
        const source = anchored.get(node.source);
        const code =
          source === undefined ? 'UNRESOLVED_ALIAS' : path.includes(source) ? 'CYCLIC_ALIAS' : undefined;
        if (code === undefined) return undefined;
        found = { code, offset: node.range?.[0] ?? 0 };
        return visit.BREAK;
      }
      if (node.anchor !== undefined) anchored.set(node.anchor, node);
      return undefined;
    },
  });
  return found;
}

/** True for a document CloudFormation would take as a template. */
export function looksLikeTemplate(body: unknown): body is { Resources?: unknown } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return false;
  return 'Resources' in body || 'AWSTemplateFormatVersion' in body;
}

/** Each short form becomes its long form, e.g. `!If [C, a, b]` becomes `{ "Fn::If": [C, a, b] }`. */
function shortFormTags(defaults: Tags): Tags {
  const tags = SHORT_FORM_FUNCTIONS.flatMap((name) => {
    const key = name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
    const tag = `!${name}`;
    const longForm = (value: unknown): YAMLMap => {
      const map = new YAMLMap();
      map.items.push(new Pair(new Scalar(key), value));
      return map;
    };
    return [
      { tag, resolve: (text: string) => new Scalar({ [key]: name === 'GetAtt' ? splitGetAtt(text) : text }) },
      { tag, collection: 'seq' as const, resolve: longForm },
      { tag, collection: 'map' as const, resolve: longForm },
    ];
  });
  return [...defaults, ...tags];
}

/** `!GetAtt Resource.Attribute` names the resource before the first dot; the attribute may hold dots. */
function splitGetAtt(text: string): string[] {
  const dot = text.indexOf('.');
  return dot === -1 ? [text] : [text.slice(0, dot), text.slice(dot + 1)];
}
