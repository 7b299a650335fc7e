/** Length in characters (code points), as AWS counts them; `String.length` counts UTF-16 units. */
export const characterCount = (text: string): number => Array.from(text).length;

/** The first `count` characters, never half of one. */
export const firstCharacters = (text: string, count: number): string =>
  Array.from(text).slice(0, count).join('');

/** AWS Config rejects annotations longer than this many characters. */
export const MAX_ANNOTATION_LENGTH = 256;

const SEPARATOR = '; ';

/**
 * Joins reasons into one annotation that fits AWS Config's limit. Whole reasons are kept while they
 * fit, followed by a count of those left out, so a cut never leaves half a subnet ID behind.
 */
export function formatAnnotation(reasons: readonly string[]): string {
  const full = reasons.join(SEPARATOR);
  if (characterCount(full) <= MAX_ANNOTATION_LENGTH) return full;
  for (let kept = reasons.length - 1; kept >= 1; kept -= 1) {
    const candidate = `${reasons.slice(0, kept).join(SEPARATOR)}${SEPARATOR}(+${reasons.length - kept} more)`;
    if (characterCount(candidate) <= MAX_ANNOTATION_LENGTH) return candidate;
  }
  const more = reasons.length > 1 ? ` (+${reasons.length - 1} more)` : '';
  return `${cutAtWord(reasons[0] ?? '', MAX_ANNOTATION_LENGTH - characterCount(more) - 1)}…${more}`;
}

/** The first `limit` characters, ended at a space where one is near, never inside a character. */
function cutAtWord(text: string, limit: number): string {
  const head = firstCharacters(text, limit);
  const lastSpace = head.lastIndexOf(' ');
  return (lastSpace > head.length / 2 ? head.slice(0, lastSpace) : head).trimEnd().replace(/[,;:]$/, '');
}
