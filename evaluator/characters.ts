/** Length in characters (code points), as AWS counts them; `String.length` counts UTF-16 units. */
export const characterCount = (text: string): number => Array.from(text).length;

/** The first `count` characters, never half of one. */
export const firstCharacters = (text: string, count: number): string =>
  Array.from(text).slice(0, count).join('');
