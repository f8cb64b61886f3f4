import { readFile } from 'node:fs/promises';
import { isOwnTool, objectOf as record } from './event.js';
import { type TextBlock, textOfBlocks } from './mcp-output.js';
import { rewrittenInput } from './shell-rewrite.js';
import type { Viewer } from './viewer.js';

// Claude Code 2.1.332 cuts a tool result over 30,000 characters to a preview: a replacement
// must stay under it, with room for the stderr it appends.
const CLAUDE_RESULT_BYTES = 28_000;
// stderr this long is compressed along with stdout instead of passing beside the view.
const MAX_KEPT_STDERR_BYTES = 8_000;

interface BashResponse {
  stdout?: unknown;
  stderr?: unknown;
  interrupted?: unknown;
  isImage?: unknown;
  /** Set when stdout was over 30,000 characters: the file holding all of it. */
  persistedOutputPath?: unknown;
}

/**
 * Claude Code's PreToolUse for Bash: the command is rewritten to run through `headroom run`.
 * PostToolUse never runs for a command that fails (Claude Code 2.1.332 fires
 * PostToolUseFailure, whose output cannot be replaced, and keeps only the first 30,000
 * characters of it), so without this the error at the end of a long failing build is lost.
 * No permission decision is given: Claude Code's own rules still decide whether it runs.
 * A command sent to the background is left alone (its output is read while it runs).
 */
export function claudePreToolUse(event: unknown, self: readonly string[]): object | undefined {
  const input = record(event);
  if (input?.hook_event_name !== 'PreToolUse' || input.tool_name !== 'Bash') return undefined;
  if (record(input.tool_input)?.run_in_background === true) return undefined;
  const updatedInput = rewrittenInput(input.tool_input, self);
  return updatedInput === undefined ? undefined : { hookSpecificOutput: { hookEventName: 'PreToolUse', updatedInput } };
}

/**
 * Claude Code's PostToolUse: Bash output and other servers' MCP results of `minTokens` or
 * more become our view (the original stored), in the only shapes Claude Code applies.
 * Undefined leaves the result as it is.
 */
export async function claudePostToolUse(event: unknown, view: Viewer): Promise<object | undefined> {
  const input = record(event);
  if (input?.hook_event_name !== 'PostToolUse' || typeof input.tool_name !== 'string') return undefined;
  const tool = input.tool_name;
  if (tool === 'Bash') return bash(record(input.tool_response), String(record(input.tool_input)?.command ?? ''), view);
  if (tool.startsWith('mcp__') && !isOwnTool(tool)) return mcpTool(tool, input.tool_response, view);
  return undefined;
}

async function bash(response: BashResponse | undefined, command: string, view: Viewer): Promise<object | undefined> {
  if (response === undefined || response.isImage === true || typeof response.stdout !== 'string') return undefined;
  const stdout = typeof response.persistedOutputPath === 'string' ? await readFile(response.persistedOutputPath, 'utf8') : response.stdout;
  const stderr = typeof response.stderr === 'string' ? response.stderr : '';
  const apart = Buffer.byteLength(stderr, 'utf8') <= MAX_KEPT_STDERR_BYTES;
  const output = apart || stderr === '' ? stdout : `${stdout}${stdout.endsWith('\n') ? '' : '\n'}${stderr}`;
  const room = CLAUDE_RESULT_BYTES - (apart ? Buffer.byteLength(stderr, 'utf8') : 0);
  const text = await view(output, { source: `claude hook: Bash: ${command.slice(0, 200)}`, ceiling: { bytes: room } });
  if (text === undefined) return undefined;
  return {
    hookSpecificOutput: {
      hookEventName: 'PostToolUse',
      updatedToolOutput: { stdout: text, stderr: apart ? stderr : '', interrupted: response.interrupted === true, isImage: false },
    },
  };
}

async function mcpTool(tool: string, response: unknown, view: Viewer): Promise<object | undefined> {
  const output = textOfBlocks(response);
  if (output === undefined) return undefined;
  const text = await view(output, { source: `claude hook: ${tool}`, ceiling: { bytes: CLAUDE_RESULT_BYTES } });
  if (text === undefined) return undefined;
  const blocks: TextBlock[] = [{ type: 'text', text }];
  return { hookSpecificOutput: { hookEventName: 'PostToolUse', updatedMCPToolOutput: blocks } };
}
