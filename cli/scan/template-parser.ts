import {
  isAlias,
  isMap,
  isScalar,
  LineCounter,
  Pair,
  parseDocument,
  Scalar,
  visit,
  YAMLMap,
  type Document,
  type Node,
  type Tags,
} from 'yaml';
import { describeYamlProblem, type YamlProblemCode } from './yaml-errors';

/** A template as plain data, with where each resource starts. */
export interface ParsedTemplate {
  readonly body: unknown;
  /** 1-based line of each resource's logical ID in `Resources`. */
  readonly resourceLines: ReadonlyMap<string, number>;
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

/**
 * Parses a JSON or YAML template. JSON goes through the YAML parser too (JSON is YAML), so both give
 * line numbers. No message of the parser is kept, only its error code: its messages quote the source,
 * which could show a container `Environment` value.
 */
export function parseTemplate(text: string): ParsedTemplate {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    customTags: shortFormTags,
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
  });
  const lineAt = (offset: number): number => lineCounter.linePos(offset).line;
  const [error] = document.errors;
  // An unclosed bracket is reported at the end of the text, past the last line people can see.
  const lastCharacter = Math.max(0, text.trimEnd().length - 1);
  if (error !== undefined)
    throw new TemplateParseError(error.code, lineAt(Math.min(error.pos[0], lastCharacter)));
  const badAlias = findBadAlias(document);
  if (badAlias !== undefined) throw new TemplateParseError(badAlias.code, lineAt(badAlias.offset));

  let body: unknown;
  try {
    body = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    throw new TemplateParseError('UNCONVERTIBLE');
  }
  const resources = isMap(document.contents) ? document.contents.get('Resources', true) : undefined;
  const resourceLines = new Map<string, number>();
  if (isMap(resources)) {
    for (const pair of resources.items) {
      if (isScalar(pair.key) && pair.key.range)
        resourceLines.set(String(pair.key.value), lineAt(pair.key.range[0]));
    }
  }
  return { body, resourceLines };
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
