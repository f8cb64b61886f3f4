import type { ModelAction, Script } from './fake-model.js';
import { footerHash, nextPage } from './headroom-text.js';

/** Helpers for writing what the fake model does, one action per turn. */
export const mcp = (server: string, tool: string, input: Record<string, unknown> = {}): ModelAction => ({ type: 'mcp', server, tool, input });
export const shell = (command: string): ModelAction => ({ type: 'shell', command });
export const say = (text: string): ModelAction => ({ type: 'text', text });

/** Takes the actions in order, one per result received, then ends the turn. */
export function sequence(actions: readonly ModelAction[]): Script {
  return (turn) => actions[turn.results.length] ?? say('done');
}

/**
 * Does `first` (an action whose result is a view), then follows the view's footer: the whole
 * original through headroom_retrieve, page after page, until the last.
 */
export function readBack(first: ModelAction): Script {
  return (turn) => {
    const [view, ...pages] = turn.results;
    if (view === undefined) return first;
    const hash = footerHash(view.text);
    if (hash === undefined) return say('the view had no hash');
    const last = pages.at(-1);
    if (last === undefined) return mcp('headroom', 'headroom_retrieve', { hash });
    const next = nextPage(last.text);
    return next === undefined ? say('read it all') : mcp('headroom', 'headroom_retrieve', next);
  };
}
