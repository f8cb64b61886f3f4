import type { Node, Tree } from '@vscode/tree-sitter-wasm';
import { formatCount } from '../../marker.js';
import { bm25Scores, valueTerms } from '../query-match.js';
import type { BodyStyle } from './languages.js';
import { isMostlyFolded, MAX_WRAPPER_DEPTH, mayBeWrapper } from './wrappers.js';

/**
 * The outline of a parsed source file: everything stays (imports, exports, types,
 * interfaces, structs, enums, decorators, signatures) except function and method bodies,
 * which become a marker with their line range, in the language's own comment syntax, so
 * `headroom_retrieve` with offset/limit can fetch exactly those lines. Long doc comments keep
 * their first line. Bodies of functions that match the query, and short ones, stay whole.
 * A wrapper that holds the whole file (an IIFE, a UMD factory) is read as top level instead.
 */

// Node types that own a body to elide, across the grammars in languages.ts.
const FUNCTIONS = new Set([
  'function_declaration',
  'function_definition',
  'function_item',
  'function_expression',
  'generator_function_declaration',
  'arrow_function',
  'method_definition',
  'method_declaration',
  'constructor_declaration',
  'destructor_declaration',
  'operator_declaration',
  'local_function_statement',
  'func_literal',
  'method',
  'singleton_method',
  'anonymous_function',
]);
const COMMENTS = new Set(['comment', 'line_comment', 'block_comment']);
/** Bodies spanning at most this many lines stay: a marker would save nothing. */
const MIN_ELIDED_LINES = 4;
/** Doc comments longer than this many lines keep their first line only. */
const MAX_COMMENT_LINES = 3;
/** Query matches kept whole: the best ones, up to this many. */
const MAX_QUERY_BODIES = 3;

interface Edit {
  start: number;
  end: number;
  text: string;
}

export interface Outline {
  text: string;
  elidedBodies: number;
  elidedLines: number;
}

function lineSpan(node: Node): { first: number; last: number; count: number } {
  const first = node.startPosition.row + 1;
  const last = node.endPosition.row + 1;
  return { first, last, count: last - first + 1 };
}

function nameOf(node: Node): string {
  return node.childForFieldName('name')?.text ?? node.childForFieldName('declarator')?.text.split('(')[0] ?? '';
}

/** The body node of a function-like node (Ruby keeps it as an unnamed `body_statement`). */
function bodyOf(node: Node): Node | null {
  const body = node.childForFieldName('body');
  if (body !== null) return body;
  return node.namedChildren.find((child) => child?.type === 'body_statement') ?? null;
}

function replacement(body: Node, style: BodyStyle, first: number, last: number, lines: number): string {
  const note = `${formatCount(lines)} lines (${first}-${last}) omitted`;
  switch (style) {
    case 'braces':
      return `{ /* ${note} */ }`;
    case 'shell':
      return `{ : # ${note}\n}`;
    case 'end':
      return `# ${note}`;
    case 'indent': {
      // Python: keep the docstring's first line, then `...` so the def still parses.
      const indent = ' '.repeat(body.startPosition.column);
      const first = body.namedChildren[0];
      const doc = first?.type === 'expression_statement' && first.namedChildren[0]?.type === 'string' ? first.text : undefined;
      if (doc === undefined) return `...  # ${note}`;
      const quote = /"""|'''/.exec(doc)?.[0];
      // The first line that says something, inside the quotes, closed again on the same line.
      const said = doc.split('\n').map((line) => line.replace(/^\s*[rbuRBU]*(?:"""|''')?/, '').replace(/(?:"""|''')\s*$/, '').trim()).find((line) => /[\p{L}\p{N}]/u.test(line));
      const docLine = !doc.includes('\n') ? doc : quote === undefined || said === undefined ? (doc.split('\n')[0] ?? '') : `${quote}${said.replaceAll(quote, '')} ...${quote}`;
      return `${docLine}\n${indent}...  # ${note}`;
    }
  }
}

function commentEdit(node: Node): Edit | undefined {
  const span = lineSpan(node);
  if (span.count <= MAX_COMMENT_LINES) return undefined;
  const text = node.text;
  const lines = text.split('\n');
  // The first line that says something: not just `/**` or `"""`.
  const firstUseful = lines.find((line) => /[\p{L}\p{N}]/u.test(line)) ?? lines[0] ?? '';
  const note = `${formatCount(span.count - 1)} more lines (${span.first + 1}-${span.last}) omitted`;
  if (text.startsWith('/*')) {
    const body = firstUseful.replace(/^\s*\/?\*+\s?/, '').replace(/\*\/\s*$/, '').trim();
    return { start: node.startIndex, end: node.endIndex, text: `/** ${body} [${note}] */` };
  }
  return undefined;
}

/** Runs of line comments (`//`, `///`, `#`) on consecutive lines at one indent keep their first line. */
function commentRunEdits(comments: readonly Node[]): Edit[] {
  const edits: Edit[] = [];
  const sorted = [...comments].filter((comment) => !comment.text.startsWith('/*')).sort((a, b) => a.startIndex - b.startIndex);
  let run: Node[] = [];
  const close = () => {
    if (run.length > MAX_COMMENT_LINES) {
      const first = run[0] as Node;
      const last = run[run.length - 1] as Node;
      const prefix = /^(\/\/\/?|#+|--)/.exec(first.text)?.[1] ?? '//';
      const note = `[... ${formatCount(run.length - 1)} more lines (${first.startPosition.row + 2}-${last.startPosition.row + 1}) omitted]`;
      // Keep the first comment's own text (without a newline it may carry) and the run's ending.
      const firstEnd = first.startIndex + first.text.replace(/\r?\n$/, '').length;
      const lastEnd = last.startIndex + last.text.replace(/\r?\n$/, '').length;
      edits.push({ start: firstEnd, end: lastEnd, text: `\n${' '.repeat(first.startPosition.column)}${prefix} ${note}` });
    }
    run = [];
  };
  for (const comment of sorted) {
    const previous = run[run.length - 1];
    // Rows of starts, not ends: some grammars end a line comment on the next row, after its newline.
    const continues = previous !== undefined && comment.startPosition.row === previous.startPosition.row + 1 && comment.startPosition.column === previous.startPosition.column;
    if (!continues) close();
    run.push(comment);
  }
  close();
  return edits;
}

/** The function bodies to elide and the comments to shorten under a node, found in one walk. */
interface Found {
  functions: Array<{ node: Node; body: Node }>;
  comments: Node[];
}

/**
 * Walks everything under `root` except function bodies (nested functions go with their parent's
 * body), but reads a wrapper's body (an IIFE, a UMD factory: see wrappers.ts) as top level.
 * `depth` counts the wrappers `root` is already inside.
 */
function collect(root: Node, fileLines: number, depth: number): Found {
  const found: Found = { functions: [], comments: [] };
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    for (const child of node.namedChildren) {
      if (child === null) continue;
      if (COMMENTS.has(child.type)) {
        found.comments.push(child);
        continue;
      }
      const body = FUNCTIONS.has(child.type) ? bodyOf(child) : null;
      if (body === null || lineSpan(body).count < MIN_ELIDED_LINES) {
        stack.push(child);
        continue;
      }
      const inner = wrapped(child, body, fileLines, depth);
      if (inner === undefined) {
        found.functions.push({ node: child, body });
        continue;
      }
      found.functions.push(...inner.functions);
      found.comments.push(...inner.comments);
    }
  }
  return found;
}

/** What is inside `fn` when it is a wrapper to read as top level, else undefined (its body is elided whole). */
function wrapped(fn: Node, body: Node, fileLines: number, depth: number): Found | undefined {
  if (depth >= MAX_WRAPPER_DEPTH || !mayBeWrapper(fn, body, fileLines)) return undefined;
  const inner = collect(body, fileLines, depth + 1);
  return isMostlyFolded(body, [...inner.functions.map((found) => found.body), ...inner.comments]) ? inner : undefined;
}

export function outline(tree: Tree, source: string, style: BodyStyle, query: string | undefined): Outline {
  // Rows from the file's start, not the root's: a root may begin after leading blank lines.
  const { functions, comments } = collect(tree.rootNode, tree.rootNode.endPosition.row + 1, 0);

  // Bodies that match the query by name or content stay whole.
  const keep = new Set<Node>();
  if (query !== undefined && query.trim() !== '' && functions.length > 0) {
    const scores = bm25Scores(query, functions.map(({ node }) => valueTerms(`${nameOf(node)} ${nameOf(node)} ${node.text}`)));
    const best = Math.max(0, ...scores);
    scores
      .map((score, index) => [score, index] as const)
      .filter(([score]) => score > 0 && score >= best * 0.5)
      .sort((a, b) => b[0] - a[0])
      .slice(0, MAX_QUERY_BODIES)
      .forEach(([, index]) => keep.add((functions[index] as { node: Node }).node));
  }

  const edits: Edit[] = [];
  let elidedLines = 0;
  let elidedBodies = 0;
  for (const { node, body } of functions) {
    if (keep.has(node)) continue;
    const span = lineSpan(body);
    edits.push({ start: body.startIndex, end: body.endIndex, text: replacement(body, style, span.first, span.last, span.count) });
    elidedLines += span.count;
    elidedBodies++;
  }
  for (const comment of comments) {
    const edit = commentEdit(comment);
    if (edit !== undefined) edits.push(edit);
  }
  edits.push(...commentRunEdits(comments));
  edits.sort((a, b) => a.start - b.start);
  const out: string[] = [];
  let at = 0;
  for (const edit of edits) {
    if (edit.start < at) continue; // inside an edit already made
    out.push(source.slice(at, edit.start), edit.text);
    at = edit.end;
  }
  out.push(source.slice(at));
  return { text: out.join(''), elidedBodies, elidedLines };
}

/** Syntax errors in a tree: ERROR nodes and missing tokens. */
export function errorCount(tree: Tree): number {
  let count = 0;
  const cursor = tree.walk();
  let done = false;
  while (!done) {
    const node = cursor.currentNode;
    if (node.type === 'ERROR' || node.isMissing) count++;
    if (node.hasError && cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        done = true;
        break;
      }
    }
  }
  return count;
}
