import { formatCount } from '../../marker.js';
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

function compressCode(request: CompressRequest, grammars: Grammars): CompressOutcome {
  if (request.detected.kind !== 'code') return { status: 'skipped', reason: 'not source code' };
  if (request.lossless) return { status: 'skipped', reason: 'an outline is not lossless' };
  const language = languageOf(request);
  if (language === undefined) return { status: 'skipped', reason: 'language not recognised (pass language)' };
  const parser = grammars.parser(language);
  if (parser === undefined) return { status: 'skipped', reason: `no ${language} grammar loaded` };
  const tree = parser.parse(request.text);
  if (tree === null) return { status: 'skipped', reason: 'parse failed' };
  try {
    const view = outline(tree, request.text, LANGUAGES[language].body, request.query);
    if (view.elidedBodies === 0) return { status: 'skipped', reason: 'no function body long enough to elide' };
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
