import { objectOf } from './event.js';
import { rewrittenInput } from './shell-rewrite.js';

/**
 * Codex's PreToolUse for its shell tool (`tool_name` "Bash", `tool_input.command` one command
 * line, as Codex 0.171.0 sends it): the command is rewritten to run through `headroom run`,
 * so a large output reaches the model as our view. Codex's PostToolUse cannot replace output,
 * and it applies `updatedInput` only together with `permissionDecision: "allow"`; a command
 * this hook rewrites is one Codex was about to run anyway (PreToolUse runs after its own
 * approval), so the allow only says "run it like this". Undefined leaves the call as it is.
 */
export function codexPreToolUse(event: unknown, self: readonly string[]): object | undefined {
  const input = objectOf(event);
  if (input?.hook_event_name !== 'PreToolUse' || input.tool_name !== 'Bash') return undefined;
  const updatedInput = rewrittenInput(input.tool_input, self);
  return updatedInput === undefined ? undefined : { hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'allow', updatedInput } };
}
