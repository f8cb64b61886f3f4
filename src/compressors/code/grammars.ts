import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Language as TreeSitterLanguage, Parser as TreeSitterParser } from '@vscode/tree-sitter-wasm';
import { LANGUAGES, type LanguageId } from './languages.js';

type TreeSitter = typeof import('@vscode/tree-sitter-wasm');

/**
 * Tree-sitter grammars from `@vscode/tree-sitter-wasm` (WASM, shipped in the npm package:
 * nothing is downloaded). The runtime starts once; each grammar loads on first use and stays.
 */
export interface Grammars {
  /** Loads the grammar for `language`; resolves false when it cannot be loaded. */
  load(language: LanguageId): Promise<boolean>;
  /** A parser for an already loaded language, else undefined. */
  parser(language: LanguageId): TreeSitterParser | undefined;
}

export function createGrammars(): Grammars {
  const require = createRequire(import.meta.url);
  let runtime: Promise<{ module: TreeSitter; folder: string } | undefined> | undefined;
  const loading = new Map<string, Promise<TreeSitterLanguage | undefined>>();
  const parsers = new Map<string, TreeSitterParser>();

  const start = () => {
    runtime ??= (async () => {
      try {
        const entry = require.resolve('@vscode/tree-sitter-wasm');
        const module = require('@vscode/tree-sitter-wasm') as TreeSitter;
        await module.Parser.init();
        return { module, folder: dirname(entry) };
      } catch {
        return undefined;
      }
    })();
    return runtime;
  };

  return {
    async load(language) {
      const grammar = LANGUAGES[language].grammar;
      let pending = loading.get(grammar);
      if (pending === undefined) {
        pending = (async () => {
          const ready = await start();
          if (ready === undefined) return undefined;
          try {
            const loaded = await ready.module.Language.load(join(ready.folder, `tree-sitter-${grammar}.wasm`));
            parsers.set(grammar, new ready.module.Parser().setLanguage(loaded));
            return loaded;
          } catch {
            return undefined;
          }
        })();
        loading.set(grammar, pending);
      }
      return (await pending) !== undefined;
    },
    parser: (language) => parsers.get(LANGUAGES[language].grammar),
  };
}
