// CSI sequences (colours, cursor moves), OSC sequences (titles, hyperlinks) and two-byte escapes.
const ANSI = /\u001B(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001B]*(?:\u0007|\u001B\\)|[@-Z\\-_])/g;

/** `text` without terminal escape codes: colour is noise to a model and costs tokens. */
export function stripAnsi(text: string): string {
  return text.includes('\u001B') ? text.replace(ANSI, '') : text;
}
