import { isMap, isScalar, LineCounter, Pair, parseDocument, Scalar, YAMLMap, type Tags } from 'yaml';

/** A template as plain data, with where each resource starts. */
export interface ParsedTemplate {
  readonly body: unknown;
  /** 1-based line of each resource's logical ID in `Resources`. */
  readonly resourceLines: ReadonlyMap<string, number>;
}

/** The parser's message; the line, when known, is reported as the finding's line. */
export class TemplateParseError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
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
 * line numbers. Parser messages are kept but never the source excerpt around an error: the excerpt
 * could show a container `Environment` value.
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
    throw new TemplateParseError(firstLine(error.message), lineAt(Math.min(error.pos[0], lastCharacter)));

  let body: unknown;
  try {
    body = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (cause) {
    throw new TemplateParseError(firstLine((cause as Error).message));
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

function firstLine(message: string): string {
  return message.split('\n', 1)[0] ?? message;
}
