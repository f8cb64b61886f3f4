/** The one owner of splitting text into lines, so every part numbers lines the same way. */
export interface SplitText {
  /** Lines without their terminators; line N (1-based) is `lines[N - 1]`. */
  lines: string[];
  /** Whether the text ended with a line terminator (which then adds no empty last line). */
  trailingNewline: boolean;
}

export function splitLines(text: string): SplitText {
  if (text === '') return { lines: [], trailingNewline: false };
  const lines = text.split(/\r?\n/);
  const trailingNewline = lines.length > 1 && lines[lines.length - 1] === '';
  if (trailingNewline) lines.pop();
  return { lines, trailingNewline };
}
