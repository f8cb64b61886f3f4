#!/usr/bin/env node
// The bin. `run`, `hook` and `wrap` sit on an agent's path (every shell command, every tool call), so
// they load only what they use: the rest of the CLI (the store, the compressors, the
// tokenizer) costs about a second to load, and a hook that needs none of it must not pay it.
const argv = process.argv.slice(2);
const [command, first] = argv;
const wantsHelp = first === '--help' || first === '-h';

async function dispatch(): Promise<number> {
  if (command === 'run' && !wantsHelp) return (await import('./run.js')).runCommand(argv.slice(1));
  if (command === 'hook' && !wantsHelp) return (await import('./hook.js')).runHook(argv.slice(1));
  if (command === 'wrap' && !wantsHelp) return (await import('./wrap.js')).runWrap(argv.slice(1));
  return (await import('./commands.js')).main(argv);
}

process.exitCode = await dispatch();
