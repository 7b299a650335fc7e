/** AWS Config rejects annotations longer than this. */
export const MAX_ANNOTATION_LENGTH = 256;

const SEPARATOR = '; ';

/**
 * Joins reasons into one annotation that fits AWS Config's limit. Whole reasons are kept while they
 * fit, followed by a count of those left out, so a cut never leaves half a subnet ID behind.
 */
export function formatAnnotation(reasons: readonly string[]): string {
  const full = reasons.join(SEPARATOR);
  if (full.length <= MAX_ANNOTATION_LENGTH) return full;
  for (let kept = reasons.length - 1; kept >= 1; kept -= 1) {
    const candidate = `${reasons.slice(0, kept).join(SEPARATOR)}${SEPARATOR}(+${reasons.length - kept} more)`;
    if (candidate.length <= MAX_ANNOTATION_LENGTH) return candidate;
  }
  const more = reasons.length > 1 ? ` (+${reasons.length - 1} more)` : '';
  return `${cutAtWord(reasons[0] ?? '', MAX_ANNOTATION_LENGTH - more.length - 1)}…${more}`;
}

function cutAtWord(text: string, limit: number): string {
  const head = text.slice(0, limit);
  const lastSpace = head.lastIndexOf(' ');
  return (lastSpace > limit / 2 ? head.slice(0, lastSpace) : head).trimEnd().replace(/[,;:]$/, '');
}
