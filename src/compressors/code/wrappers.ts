import type { Node } from '@vscode/tree-sitter-wasm';

/**
 * Wrapper functions: the function a JavaScript bundle or UMD file puts everything in (an IIFE,
 * the factory a UMD header or `define` is handed, `module.exports = function`). Its body is the
 * file's real top level, so an outline reads it as one instead of folding the whole file into a
 * single marker: a whole jquery.js came out as 118 tokens that said nothing.
 */

/** A wrapper's body spans more than this share of the file's lines; smaller functions are ordinary ones. */
const MIN_FILE_SHARE = 0.5;
/**
 * At most this share of a wrapper's body is code that an outline keeps: lines neither in the
 * bodies of the functions inside it nor in comments (lodash's doc comments are as long as its
 * functions). A module is mostly functions; a long function that is mostly statements (a state
 * machine, a build script) stays folded, since reading it as top level would keep nearly all of it.
 */
const MAX_KEPT_SHARE = 0.5;
/** Wrappers inside wrappers read as top level down to this depth (jquery needs 1, lodash 2). */
export const MAX_WRAPPER_DEPTH = 8;

// The JavaScript and TypeScript grammars' node types around a wrapper.
const CALLS = new Set(['call_expression', 'new_expression']);
/** `(function () { ... }.call(this))`, as lodash ends: still an IIFE. */
const INVOKERS = new Set(['call', 'apply']);

function lineCount(node: Node): number {
  return node.endPosition.row - node.startPosition.row + 1;
}

/** The outermost expression that is `node` in parentheses (`(function () {})`), else `node`. */
function unparenthesized(node: Node): Node {
  let outer = node;
  while (outer.parent?.type === 'parenthesized_expression') outer = outer.parent;
  return outer;
}

function isField(parent: Node, field: string, node: Node): boolean {
  return parent.childForFieldName(field)?.equals(node) === true;
}

/**
 * Whether a function expression stands where a wrapper does: called at once (`(function(){})()`,
 * `!function(){}()`, `(() => {})()`, `.call(this)`), handed to a call (a UMD factory,
 * `define([...], function(){})`, `require`), or assigned (`module.exports = function(){}`,
 * `var runInContext = (function(){})`, a bundler's module table entry).
 */
function inWrapperPosition(fn: Node): boolean {
  const node = unparenthesized(fn);
  const parent = node.parent;
  if (parent === null) return false;
  switch (parent.type) {
    case 'call_expression':
      return isField(parent, 'function', node);
    case 'new_expression':
      return isField(parent, 'constructor', node);
    case 'arguments':
      return parent.parent !== null && CALLS.has(parent.parent.type);
    case 'member_expression': {
      const call = parent.parent;
      const property = parent.childForFieldName('property')?.text ?? '';
      return isField(parent, 'object', node) && INVOKERS.has(property) && call?.type === 'call_expression' && isField(call, 'function', parent);
    }
    case 'assignment_expression':
      return isField(parent, 'right', node);
    case 'variable_declarator':
    case 'pair':
      return isField(parent, 'value', node);
    default:
      return false;
  }
}

/** Whether `fn`, whose body is `body`, may be a wrapper: placed like one and spanning most of the file. */
export function mayBeWrapper(fn: Node, body: Node, fileLines: number): boolean {
  return lineCount(body) > fileLines * MIN_FILE_SHARE && inWrapperPosition(fn);
}

/** Whether `body` is mostly what an outline folds, as a module is: the bodies of the functions and the comments `inside` it. */
export function isMostlyFolded(body: Node, inside: readonly Node[]): boolean {
  const folded = inside.reduce((sum, node) => sum + lineCount(node), 0);
  return lineCount(body) - folded <= lineCount(body) * MAX_KEPT_SHARE;
}
