/** C0 and C1 controls and DEL: a terminal acts on them (ESC starts an escape sequence). */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]+/g;
/** The same, except CR and LF, which a quoted CSV field may carry. */
const CONTROL_CHARACTERS_BUT_LINE_BREAKS = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f]+/g;

/** One line, and no escape sequence from a path or an API message reaches the terminal. */
export function singleLine(text: string): string {
  return text.replace(CONTROL_CHARACTERS, ' ');
}

/** Line breaks kept, every other control character dropped. */
export function withoutControlCharacters(text: string): string {
  return text.replace(CONTROL_CHARACTERS_BUT_LINE_BREAKS, '');
}
