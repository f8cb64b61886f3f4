import type { ModelAction, Script } from './fake-model.js';

/** Helpers for writing what the fake model does, one action per turn. */
export const mcp = (server: string, tool: string, input: Record<string, unknown> = {}): ModelAction => ({ type: 'mcp', server, tool, input });
export const shell = (command: string): ModelAction => ({ type: 'shell', command });
export const say = (text: string): ModelAction => ({ type: 'text', text });

/** Takes the actions in order, one per result received, then ends the turn. */
export function sequence(actions: readonly ModelAction[]): Script {
  return (turn) => actions[turn.results.length] ?? say('done');
}
