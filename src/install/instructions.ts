/** The block written into CLAUDE.md / AGENTS.md, between markers so it can be updated or removed. */
const START = '<!-- headroom:start -->';
const END = '<!-- headroom:end -->';

export const INSTRUCTIONS = `${START}
## Reading large tool output (headroom)

- Before reading long output (test runs, builds, logs, grep/rg hits, JSON, diffs, big files),
  save it to a file and call \`headroom_compress\` with \`path\` and a \`query\` saying what you look for.
- In a shell, pipe instead: \`npm test 2>&1 | headroom compress --query "failing tests"\`.
- Views end with a footer naming a hash. Anything omitted is one call away:
  \`headroom_retrieve\` with that hash and a \`query\`, or \`offset\`/\`limit\` for exact lines.
${END}`;

/** `text` with the block added or refreshed (or, with `remove`, taken out); the same text when nothing changes. */
export function withInstructions(text: string | undefined, remove = false): string {
  const current = text ?? '';
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  if (start >= 0 && end > start) {
    const before = current.slice(0, start);
    const after = current.slice(end + END.length);
    if (remove) {
      // Take out the blank lines install put around the block, and no more.
      const head = before.replace(/\n+$/, '');
      const tail = after.replace(/^\n+/, '');
      if (head === '') return tail;
      return tail === '' ? `${head}\n` : `${head}\n\n${tail}`;
    }
    return `${before}${INSTRUCTIONS}${after}`;
  }
  if (remove) return current;
  return current === '' ? `${INSTRUCTIONS}\n` : `${current.replace(/\n*$/, '\n\n')}${INSTRUCTIONS}\n`;
}
