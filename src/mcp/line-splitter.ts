/**
 * Splits a byte stream into lines (MCP's stdio framing: one JSON-RPC message a line). The
 * chunks of an unfinished line are kept apart and joined once, at its newline: joining the
 * buffer with every chunk read is quadratic (a 20 MB message took 13 s of copying).
 */
export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private readonly maxLineBytes: number;

  /** @param maxLineBytes an unfinished line longer than this makes {@link push} return false. */
  constructor(maxLineBytes: number) {
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * Takes one chunk and calls `line` for each line it finishes (without its `\n`; a `\r`
   * before it is kept). Returns false when the unfinished line is over the cap (the caller
   * closes); `line` returning false stops the split early.
   */
  push(chunk: Buffer | string, line: (text: string) => boolean): boolean {
    let rest = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    for (let newline = rest.indexOf(0x0a); newline >= 0; newline = rest.indexOf(0x0a)) {
      this.pending.push(rest.subarray(0, newline));
      const text = Buffer.concat(this.pending, this.pendingBytes + newline).toString('utf8');
      this.pending = [];
      this.pendingBytes = 0;
      rest = rest.subarray(newline + 1);
      if (!line(text)) return true;
    }
    if (rest.length === 0) return true;
    this.pendingBytes += rest.length;
    if (this.pendingBytes > this.maxLineBytes) return false;
    this.pending.push(rest);
    return true;
  }

  clear(): void {
    this.pending = [];
    this.pendingBytes = 0;
  }
}
