/**
 * Parses JSON from outside. On failure the message names only the position (`not valid JSON (at
 * character 12)`): Node's own message quotes the text around it, which in a configuration item can be
 * a container `Environment` value.
 */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new SyntaxError(`not valid JSON${position === undefined ? '' : ` (at character ${position})`}`);
  }
}
