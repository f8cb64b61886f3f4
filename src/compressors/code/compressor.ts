import { formatCount } from '../../marker.js';
import { countTokens } from '../../tokens.js';
import type { CompressOutcome, CompressRequest, Compressor } from '../types.js';
import type { Grammars } from './grammars.js';
import { guessLanguage, LANGUAGES, type LanguageId, languageNamed } from './languages.js';
import { errorCount, outline } from './outline.js';

function languageOf(request: Pick<CompressRequest, 'text' | 'language'>): LanguageId | undefined {
  return (request.language === undefined ? undefined : languageNamed(request.language)) ?? guessLanguage(request.text);
}

/**
 * Source code by its syntax tree (web-tree-sitter): an outline that keeps every import,
 * type and signature and replaces function bodies with a marker giving their line range.
 * A view that does not re-parse as cleanly as the source is dropped, and the general
 * compressor's line-level view is used instead.
 */
export function createCodeCompressor(grammars: Grammars): Compressor {
  return {
    name: 'code',
    async prepare(request) {
      const language = request.detected.kind === 'code' ? languageOf(request) : undefined;
      if (language !== undefined) await grammars.load(language);
    },
    compress(request) {
      return compressCode(request, grammars);
    },
  };
}

// An outline may be this many times the budget, or this many tokens, whichever is more
// (signatures are what a reader of code needs); a bigger one goes to the general compressor.
const MAX_OUTLINE_OVER_BUDGET = 4;
const MIN_OUTLINE_LIMIT_TOKENS = 16_000;
// Parsing takes about 0.5 s and 50 MB a MB of source: 15 MB took 7.6 s and 800 MB, past any
// deadline, and its outline would be far past the limit above anyway. Bigger sources go to
// the general compressor unparsed.
const MAX_PARSE_CHARS = 2 * 1024 * 1024;

function compressCode(request: CompressRequest, grammars: Grammars): CompressOutcome {
  if (request.detected.kind !== 'code') return { status: 'skipped', reason: 'not source code' };
  if (request.lossless) return { status: 'skipped', reason: 'an outline is not lossless' };
  const language = languageOf(request);
  if (language === undefined) return { status: 'skipped', reason: 'language not recognised (pass language)' };
  if (request.text.length > MAX_PARSE_CHARS) return { status: 'skipped', reason: `over ${formatCount(MAX_PARSE_CHARS)} characters, too big to parse` };
  const parser = grammars.parser(language);
  if (parser === undefined) return { status: 'skipped', reason: `no ${language} grammar loaded` };
  const tree = parser.parse(request.text);
  if (tree === null) return { status: 'skipped', reason: 'parse failed' };
  try {
    const view = outline(tree, request.text, LANGUAGES[language].body, request.query);
    if (view.elidedBodies === 0) return { status: 'skipped', reason: 'no function body long enough to elide' };
    // Signatures are worth some room past the budget, not any: 10 MB of code outlined to 3.1 M tokens.
    const limit = Math.max(request.budgetTokens * MAX_OUTLINE_OVER_BUDGET, MIN_OUTLINE_LIMIT_TOKENS);
    // Characters bound tokens from above only loosely; count when the outline may be past it.
    if (view.text.length > limit && countTokens(view.text) > limit) return { status: 'skipped', reason: `outline over ${formatCount(limit)} tokens` };
    const check = parser.parse(view.text);
    const broken = check === null || errorCount(check) > errorCount(tree);
    check?.delete();
    if (broken) return { status: 'skipped', reason: 'the outline did not re-parse cleanly' };
    return {
      status: 'compressed',
      text: view.text,
      strategy: `outline:${language}`,
      lossless: false,
      omitted: `${formatCount(view.elidedBodies)} function bodies (${formatCount(view.elidedLines)} lines) omitted`,
    };
  } finally {
    tree.delete();
  }
}
