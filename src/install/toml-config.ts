import type { ServerEntry } from './entry.js';
import { SERVER_NAME } from './entry.js';

const HEADER = `[mcp_servers.${SERVER_NAME}]`;

function tomlString(value: string): string {
  return JSON.stringify(value);
}

function block(entry: ServerEntry): string {
  const env = Object.entries(entry.env).map(([key, value]) => `${key} = ${tomlString(value)}`).join(', ');
  return [HEADER, `command = ${tomlString(entry.command)}`, `args = [${entry.args.map(tomlString).join(', ')}]`, `env = { ${env} }`].join('\n');
}

/**
 * Codex's `config.toml`: our `[mcp_servers.headroom]` table written, replaced or removed;
 * every other line kept byte for byte. Returns the same text when nothing changes.
 */
export function withCodexServer(text: string | undefined, entry: ServerEntry | undefined): string {
  const lines = (text ?? '').split('\n');
  const start = lines.findIndex((line) => line.trim() === HEADER);
  let end = start;
  if (start >= 0) {
    end = start + 1;
    while (end < lines.length && !/^\s*\[/.test(lines[end] as string)) end++;
    // Blank lines before the next table belong to the file's layout, not to our table.
    while (end > start + 1 && (lines[end - 1] as string).trim() === '') end--;
  }
  const ours = entry === undefined ? [] : block(entry).split('\n');
  if (start >= 0) {
    if (lines.slice(start, end).join('\n') === ours.join('\n')) return text ?? '';
    const next = [...lines.slice(0, start), ...ours, ...lines.slice(end)];
    // Removing our table leaves no double blank line behind.
    if (entry === undefined && next[start] === '' && (start === 0 || next[start - 1] === '')) next.splice(start, 1);
    return next.join('\n');
  }
  if (entry === undefined) return text ?? '';
  const base = text === undefined || text === '' ? '' : text.endsWith('\n') ? `${text}\n` : `${text}\n\n`;
  return `${base}${ours.join('\n')}\n`;
}
