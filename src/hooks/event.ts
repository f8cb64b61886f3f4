/** Reading the fields of an agent's hook event, whose shape is the agent's to change. */

/** A field as an object, or undefined when it is anything else. */
export function objectOf(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

// Our own tools, as Claude Code and Codex name them (`mcp__<server>__<tool>`, whatever name the
// user gave our server) and as Cursor does (`MCP:<tool>`): their results are views or
// originals already, and must reach the model as they are.
const OWN_TOOL = /^(?:mcp__.+__|MCP:)headroom_(?:compress|retrieve|stats)$/;

export function isOwnTool(toolName: string): boolean {
  return OWN_TOOL.test(toolName);
}
