import type { ShellViewOptions } from '../shell-view.js';

/**
 * What a hook calls to turn a tool's output into our view (undefined: leave it). The hook
 * door supplies it, loading the store and the compressors only when an output is big enough
 * to need them: a hook runs on every tool call.
 */
export type Viewer = (output: string, options: ShellViewOptions) => Promise<string | undefined>;
