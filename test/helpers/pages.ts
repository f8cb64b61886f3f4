import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

type Call = (name: string, args: Record<string, unknown>) => Promise<CallToolResult>;

interface PageMeta {
  next_offset?: number;
  next_char_offset?: number;
}

/** Follows headroom_retrieve's pages from the first and joins their exact text blocks. */
export async function readOriginal(call: Call, hash: string): Promise<{ text: string; pages: CallToolResult[] }> {
  const pages: CallToolResult[] = [];
  let text = '';
  let args: Record<string, unknown> = { hash };
  for (;;) {
    const page = await call('headroom_retrieve', args);
    if (page.isError) throw new Error(`retrieve failed: ${JSON.stringify(page.content)}`);
    pages.push(page);
    const first = page.content[0];
    text += first?.type === 'text' ? first.text : '';
    const meta = page._meta?.headroom as PageMeta | undefined;
    if (meta?.next_offset === undefined) return { text, pages };
    args = { hash, offset: meta.next_offset, ...(meta.next_char_offset === undefined ? {} : { char_offset: meta.next_char_offset }) };
  }
}
