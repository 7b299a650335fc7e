/**
 * Characters that change how text is shown rather than what it says: C0 and C1 controls and DEL (ESC
 * starts a terminal escape sequence), and the bidirectional embeddings, overrides and isolates
 * U+202A–U+202E and U+2066–U+2069, which reorder the text that follows them on screen ("Trojan Source",
 * CVE-2021-42574), so that a model name or a path could pass for another, and the invisible direction
 * marks U+200E, U+200F and U+061C, which reorder neutral characters (dots, slashes) around them.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g;
/** The same, except CR and LF, which a quoted CSV field may carry. */
const UNSAFE_BUT_LINE_BREAKS =
  /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g;
/** Those that JSON.stringify leaves as they are (it escapes C0 controls itself). */
const UNSAFE_LEFT_BY_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** One line, and no escape sequence or reordering from a path or an API message reaches the terminal. */
export function singleLine(text: string): string {
  return text.replace(UNSAFE, ' ');
}

/** Line breaks kept, every other unsafe character dropped. */
export function withoutControlCharacters(text: string): string {
  return text.replace(UNSAFE_BUT_LINE_BREAKS, '');
}

/**
 * Indented JSON in which every unsafe character is a `\uXXXX` escape: the same data for a program, and
 * harmless when the report is shown in a terminal or a browser.
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    UNSAFE_LEFT_BY_JSON,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
