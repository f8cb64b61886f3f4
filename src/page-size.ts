/**
 * Largest page a retrieve returns unless the door asks otherwise, in o200k tokens. The MCP
 * server sets it per client (Claude Code refuses results over 25,000 tokens; Codex keeps
 * less). Apart from the paging code so the server can name it without loading the tokenizer.
 */
export const DEFAULT_PAGE_TOKENS = 10_000;
