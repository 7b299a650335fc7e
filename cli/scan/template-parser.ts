import { visit as visitJson } from 'jsonc-parser';
import {
  Composer,
  isAlias,
  isMap,
  isScalar,
  LineCounter,
  Pair,
  Parser,
  Scalar,
  visit,
  YAMLMap,
  type CST,
  type Document,
  type Node,
  type Tags,
} from 'yaml';
import { MAX_DUPLICATE_KEY_WARNINGS, MAX_NESTING_DEPTH } from './limits';
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

/** Why a template cannot be read, in a fixed text per problem; the line is the finding's line. */
export class TemplateParseError extends Error {
  constructor(
    readonly code: YamlProblemCode,
    readonly line?: number,
  ) {
    super(describeYamlProblem(code, line));
    this.name = 'TemplateParseError';
  }
}

/** A document nested deeper than MAX_NESTING_DEPTH, refused before any recursive step reads it. */
export class TemplateTooDeepError extends Error {
  constructor(readonly line: number) {
    super(`it nests deeper than ${MAX_NESTING_DEPTH} levels (at line ${line}), which no template does`);
    this.name = 'TemplateTooDeepError';
  }
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

/**
 * Parses a JSON or YAML template. Valid JSON is read as JSON (dozens of times faster than the YAML
 * parser on a CDK template); anything else goes through the YAML parser, which also gives the line of
 * what is wrong in broken JSON. A key given twice in a map is accepted, the last value winning as in
 * CloudFormation, and reported. No message of either parser is kept, only an error code: their
 * messages quote the source, which could show a container `Environment` value.
 */
export function parseTemplate(source: string): ParsedTemplate {
  const text = source.startsWith(BYTE_ORDER_MARK) ? source.slice(1) : source;
  return (text.trimStart().startsWith('{') && parseJsonTemplate(text)) || parseYamlTemplate(text);
}

/** Undefined when the text is not strict JSON. */
function parseJsonTemplate(text: string): ParsedTemplate | undefined {
  let body: unknown;
  try {
    // V8 parses JSON without recursion, so depth is checked after, before anything recursive runs.
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  const tooDeep = jsonLineBeyondDepth(text);
  if (tooDeep !== undefined) throw new TemplateTooDeepError(tooDeep);

  const resourceLines = new Map<string, number>();
  const duplicateKeys = new DuplicateKeys();
  const keysOfOpenObjects: Map<string, number>[] = [];
  visitJson(text, {
    onObjectBegin: () => void keysOfOpenObjects.push(new Map()),
    onObjectEnd: () => void keysOfOpenObjects.pop(),
    onObjectProperty: (key, _offset, _length, startLine, _character, pathOf) => {
      const line = startLine + 1;
      // Logical IDs are keys of the second object level; only there is the (costly) path worth asking.
      if (keysOfOpenObjects.length === 2 && pathOf()[0] === 'Resources') resourceLines.set(key, line);
      const seen = keysOfOpenObjects.at(-1);
      const firstLine = seen?.get(key);
      if (firstLine === undefined) seen?.set(key, line);
      else duplicateKeys.add({ key, firstLine, line });
    },
  });
  return { body, resourceLines, duplicateKeys };
}

/**
 * The line of the first bracket that opens a collection deeper than MAX_NESTING_DEPTH, if any. Only for
 * text JSON.parse accepted: a string there holds no raw line break, so every LF outside one ends a line.
 */
function jsonLineBeyondDepth(text: string): number | undefined {
  let depth = 0;
  let line = 1;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (inString) {
      if (character === '\\') index += 1;
      else if (character === '"') inString = false;
    } else if (character === '"') inString = true;
    else if (character === '\n') line += 1;
    else if (character === '{' || character === '[') {
      depth += 1;
      if (depth > MAX_NESTING_DEPTH) return line;
    } else if (character === '}' || character === ']') depth -= 1;
  }
  return undefined;
}

/**
 * The YAML parser builds its syntax tree without recursion; the depth is checked on that tree before
 * the composer (which recurses) turns it into a document.
 */
function parseYamlTemplate(text: string): ParsedTemplate {
  const lineCounter = new LineCounter();
  const lineAt = (offset: number): number => lineCounter.linePos(offset).line;
  const tokens = [...new Parser(lineCounter.addNewLine).parse(text)];
  const tooDeep = offsetBeyondDepth(tokens);
  if (tooDeep !== undefined) throw new TemplateTooDeepError(lineAt(tooDeep));

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
  if (error !== undefined)
    throw new TemplateParseError(error.code, lineAt(Math.min(error.pos[0], lastCharacter)));
  if (second !== undefined) throw new TemplateParseError('MULTIPLE_DOCS', lineAt(second.range[0]));
  const badAlias = findBadAlias(parsed);
  if (badAlias !== undefined) throw new TemplateParseError(badAlias.code, lineAt(badAlias.offset));

  let body: unknown;
  try {
    body = parsed.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    throw new TemplateParseError('UNCONVERTIBLE');
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
