import type { Node } from '@vscode/tree-sitter-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCodeCompressor } from '../../src/compressors/code/compressor.js';
import { createGrammars } from '../../src/compressors/code/grammars.js';
import { type LanguageId, languageOfPath } from '../../src/compressors/code/languages.js';
import type { CompressRequest } from '../../src/compressors/types.js';
import { NO_DEADLINE } from '../../src/deadline.js';
import { detect } from '../../src/detect.js';
import { createHeadroom } from '../../src/headroom.js';
import { countTokens } from '../../src/tokens.js';
import { fixture, view } from '../helpers/compressor.js';

const grammars = createGrammars();
const code = createCodeCompressor(grammars);

const SOURCES = ['source-MiniSearch.ts', 'source-express-response.js', 'source-argparse.py', 'source-request.go', 'source-serde-de.rs', 'source-Bridge.java', 'source-cext.c', 'source-napi.h'];
// Declarations whose signature must survive, per the grammars' node types.
const DECLARATIONS = new Set(['function_declaration', 'function_definition', 'function_item', 'method_definition', 'method_declaration', 'constructor_declaration', 'class_declaration', 'class_definition', 'interface_declaration', 'type_alias_declaration', 'struct_item', 'enum_item', 'trait_item', 'impl_item', 'type_declaration', 'struct_specifier']);

async function request(name: string, options: Partial<CompressRequest> = {}): Promise<CompressRequest> {
  const text = fixture(name);
  const base: CompressRequest = { text, detected: detect(text, 'code'), budgetTokens: 1000, lossless: false, deadline: NO_DEADLINE, language: languageOfPath(name) as LanguageId, ...options };
  await code.prepare?.(base);
  return base;
}

/** First lines of the top-level and class-level declarations, found with the grammar itself. */
async function signatures(name: string): Promise<string[]> {
  const language = languageOfPath(name) as LanguageId;
  await grammars.load(language);
  const tree = grammars.parser(language)?.parse(fixture(name));
  const found: string[] = [];
  const visit = (node: Node, depth: number) => {
    for (const child of node.namedChildren) {
      if (child === null) continue;
      if (DECLARATIONS.has(child.type)) found.push((child.text.split('\n')[0] ?? '').trim());
      // Into classes, impls, exports and bodies of types, but not into function bodies.
      if (depth < 4 && !/function|method|constructor/.test(child.type)) visit(child, depth + 1);
    }
  };
  if (tree) visit(tree.rootNode, 0);
  tree?.delete();
  return found.filter((line) => line.length > 0);
}

describe('code compressor', () => {
  beforeAll(async () => {
    for (const name of SOURCES) await request(name);
  });

  it.each(SOURCES.filter((name) => !name.endsWith('.h')))('outlines %s: every top-level and class-level signature kept, bodies marked with their lines', async (name) => {
    const input = await request(name);
    const out = view(code.compress(input));
    // CommonJS assigns its functions (`res.status = function status(code) {`): those lines count too.
    const assigned = input.text.split('\n').filter((line) => /^\w+(?:\.\w+)+ = function\b/.test(line));
    const wanted = [...(await signatures(name)), ...assigned];
    expect(wanted.length).toBeGreaterThan(10);
    for (const signature of wanted) expect(out.text, signature).toContain(signature);
    expect(countTokens(out.text)).toBeLessThan(countTokens(input.text) * 0.7);
    // Each marker names lines that exist in the original, at a body's place.
    const lines = input.text.split('\n');
    for (const marker of out.text.matchAll(/(\d+) lines \((\d+)-(\d+)\) omitted/g)) {
      const [count, first, last] = [Number(marker[1]), Number(marker[2]), Number(marker[3])];
      expect(last - first + 1).toBe(count);
      expect(last).toBeLessThanOrEqual(lines.length);
    }
  });

  it('keeps the body of the function the query names, verbatim', async () => {
    const input = await request('source-request.go', { query: 'parseBasicAuth' });
    const out = view(code.compress(input));
    const start = input.text.indexOf('func parseBasicAuth(');
    const body = input.text.slice(start, input.text.indexOf('\n}\n', start) + 2);
    expect(body.split('\n').length).toBeGreaterThan(8);
    expect(out.text).toContain(body);
    expect(view(code.compress(await request('source-request.go'))).text).not.toContain(body);
  });

  it('keeps a Python docstring first line and stays valid Python', async () => {
    const out = view(code.compress(await request('source-argparse.py')));
    expect(out.text).toMatch(/ {4}def add_argument\(self, \*args, \*\*kwargs\):\n {8}"""add_argument\(dest, \.\.\., name=value, \.\.\.\) \.\.\."""\n {8}\.\.\.  # \d+ lines \(\d+-\d+\) omitted/);
    expect(out.strategy).toBe('outline:python');
  });

  it('leaves code that does not parse, or has no long bodies, to the general compressor', async () => {
    const broken = await request('source-request.go', { text: `${fixture('source-request.go').slice(0, 4000)} {{{ ((( ` });
    expect(code.compress(broken).status).toBe('skipped');
    expect(code.compress({ ...broken, text: 'const a = 1;\nconst b = 2;\n', language: 'typescript' }).status).toBe('skipped');
  });

  it('works through the library, with the language taken from a path', async () => {
    const headroom = await createHeadroom({ config: { store: 'memory', allowedRoots: [new URL('../../fixtures/', import.meta.url).pathname] } });
    const result = await headroom.compress({ path: new URL('../../fixtures/source-serde-de.rs', import.meta.url).pathname, query: 'deserialize_number' });
    expect(result.strategy).toBe('outline:rust');
    expect(result.savedPercent).toBeGreaterThan(50);
    await headroom.close();
  });
});

describe('an outline too big to be a view', () => {
  it('goes to the general compressor, so 2 MB of code still comes back near the budget', async () => {
    const source = Array.from({ length: 20_000 }, (_, i) => `function step${i}(a, b) {\n  if (a > b) {\n    return a - b + ${i};\n  }\n  return b * ${i};\n}\n`).join('');
    const outcome = code.compress(await (async () => {
      const base: CompressRequest = { text: source, detected: detect(source, 'code'), budgetTokens: 3000, lossless: false, deadline: NO_DEADLINE, language: 'javascript' };
      await code.prepare?.(base);
      return base;
    })());
    expect(outcome).toMatchObject({ status: 'skipped', reason: 'outline over 16,000 tokens' });
    const headroom = await createHeadroom({ env: {}, config: { store: 'memory', deadlineMs: 60_000 } });
    try {
      const result = await headroom.compress({ content: source, language: 'javascript' });
      expect(result.compressedTokens).toBeLessThan(6_000);
      expect(result.text).toContain('function step0(a, b) {');
    } finally {
      await headroom.close();
    }
  });
});

/** A function whose body spans 7 lines and says its own name, so a test can tell kept from elided. */
function fn(name: string, indent = '  '): string {
  return [`function ${name}(a, b) {`, '  var total = 0;', '  for (var i = 0; i < a; i++) {', '    total += b * i;', '  }', `  return 'body of ${name}' + total;`, '}'].map((line) => `${indent}${line}`).join('\n');
}

/** A JavaScript source as the pipeline would hand it to the code compressor. */
async function javascript(text: string, options: Partial<CompressRequest> = {}): Promise<CompressRequest> {
  const base: CompressRequest = { text, detected: detect(text, 'code'), budgetTokens: 1000, lossless: false, deadline: NO_DEADLINE, language: 'javascript', ...options };
  await code.prepare?.(base);
  return base;
}

/** The 1-based line of the first occurrence of `needle` in `text`. */
function lineOf(text: string, needle: string): number {
  return text.slice(0, text.indexOf(needle)).split('\n').length;
}

/** Every name's signature is kept with its own 7-line body elided, marked with the lines it had in `source`. */
function expectElided(out: string, source: string, names: readonly string[]): void {
  for (const name of names) {
    const first = lineOf(source, `function ${name}(a, b) {`);
    expect(out, name).toContain(`function ${name}(a, b) { /* 7 lines (${first}-${first + 6}) omitted */ }`);
    expect(out, name).not.toContain(`'body of ${name}'`);
  }
}

const UMD_INNER = ['parseQuery', 'formatQuery', 'mergeOptions', 'request'];
// A UMD bundle: a short header that picks the module system, and a factory holding everything.
const UMD = [
  '/*! tiny-http v1.2.0 | MIT */',
  '(function (global, factory) {',
  "  typeof exports === 'object' && typeof module !== 'undefined' ? module.exports = factory() :",
  "  typeof define === 'function' && define.amd ? define(factory) :",
  "  (global = typeof globalThis !== 'undefined' ? globalThis : global || self, global.tinyHttp = factory());",
  '}(this, (function () {',
  "  'use strict';",
  '',
  "  var VERSION = '1.2.0';",
  "  var DEFAULTS = { method: 'GET', timeout: 5000 };",
  '',
  ...UMD_INNER.flatMap((name) => ['', fn(name)]),
  '',
  '  var tinyHttp = { version: VERSION, parseQuery: parseQuery, formatQuery: formatQuery, request: request };',
  '',
  '  tinyHttp.plugins = {',
  '    retry: function (options) {',
  '      var attempts = options.attempts || 3;',
  '      return function (next) {',
  "        return next(attempts, 'retry body');",
  '      };',
  '    },',
  '  };',
  '',
  '  return tinyHttp;',
  '})));',
  '',
].join('\n');

describe('a bundle in a wrapper function', () => {
  it('outlines the factory of a UMD file as its top level, not as one elided body', async () => {
    expect(UMD.split('\n').length).toBeGreaterThan(40);
    const out = view(code.compress(await javascript(UMD)));
    expectElided(out.text, UMD, UMD_INNER);
    // The factory's own statements stay, and so do the call that hands it over and its end.
    for (const kept of ["var VERSION = '1.2.0';", "var DEFAULTS = { method: 'GET', timeout: 5000 };", 'var tinyHttp = { version: VERSION,', '  tinyHttp.plugins = {', '  return tinyHttp;', '}(this, (function () {', '})));']) expect(out.text).toContain(kept);
    // A method of an object inside the factory is a function like the others.
    const retry = lineOf(UMD, 'retry: function (options) {');
    expect(out.text).toContain(`retry: function (options) { /* 6 lines (${retry}-${retry + 5}) omitted */ },`);
    // The header that picks the module system is an ordinary function: its body is short, not the file.
    expect(out.text).toContain('(function (global, factory) { /* 5 lines (2-6) omitted */ }(this, (function () {');
    expect(out.omitted).toBe('6 function bodies (39 lines) omitted');
  });

  it('reads an AMD define factory as the top level', async () => {
    const names = ['open', 'close', 'read', 'write', 'seek'];
    const source = ['/* An AMD module. */', "define(['exports', './util'], function (exports, util) {", "  'use strict';", '  var cache = {};', ...names.flatMap((name) => ['', fn(name)]), '', '  exports.open = open;', '  exports.close = close;', '  exports.read = read;', '  exports.cache = cache;', '});', ''].join('\n');
    expect(source.split('\n').length).toBeGreaterThan(40);
    const out = view(code.compress(await javascript(source)));
    expectElided(out.text, source, names);
    expect(out.text).toContain("define(['exports', './util'], function (exports, util) {\n  'use strict';\n  var cache = {};");
    expect(out.text).toContain('  exports.cache = cache;\n});');
  });

  it('reads `!function(){}()` and a wrapper inside a wrapper as top level, as lodash nests them', async () => {
    const outer = ['helperOne', 'helperTwo'];
    const inner = ['chunk', 'compact', 'concat', 'difference', 'drop'];
    const source = [
      '!function () {',
      "  var root = typeof self == 'object' ? self : this;",
      ...outer.flatMap((name) => ['', fn(name)]),
      '',
      '  var runInContext = (function runInContext(context) {',
      '    var lodash = {};',
      ...inner.flatMap((name) => ['', fn(name, '    ')]),
      '    lodash.chunk = chunk;',
      '    return lodash;',
      '  });',
      '',
      '  root._ = runInContext();',
      '}();',
      '',
    ].join('\n');
    const out = view(code.compress(await javascript(source)));
    expectElided(out.text, source, [...outer, ...inner]);
    expect(out.text).toContain('  var runInContext = (function runInContext(context) {\n    var lodash = {};');
    expect(out.text).toContain('    return lodash;\n  });\n\n  root._ = runInContext();\n}();');
  });

  it.each([
    ['an arrow IIFE', '(() => {', '})();'],
    ['an IIFE called with .call(this)', '(function () {', '}).call(this);'],
    ['module.exports = function', 'module.exports = function (app) {', '};'],
    ['a callback handed to a call', 'jQuery(function ($) {', '});'],
  ])('reads %s that holds the file as top level', async (_, open, close) => {
    const names = ['mount', 'unmount', 'render', 'update'];
    const source = [open, "  var state = { mounted: false };", ...names.flatMap((name) => ['', fn(name)]), '', '  state.ready = true;', close, ''].join('\n');
    const out = view(code.compress(await javascript(source)));
    expectElided(out.text, source, names);
    expect(out.text).toContain(`${open}\n  var state = { mounted: false };`);
    expect(out.text).toContain(`  state.ready = true;\n${close}`);
  });

  it('keeps a long function that is mostly statements folded, even when it is most of the file', async () => {
    const statements = Array.from({ length: 30 }, (_, i) => `  config.step${i} = config.step${i - 1} + ${i};`);
    const source = ['module.exports = function build(config) {', ...statements, `  return config;`, '};', '', fn('helper', ''), ''].join('\n');
    const out = view(code.compress(await javascript(source)));
    expect(out.text).toContain('module.exports = function build(config) { /* 33 lines (1-33) omitted */ };');
    expect(out.text).not.toContain('config.step1 =');
  });

  it('keeps whole only the bodies the query names, not the wrapper around them', async () => {
    const out = view(code.compress(await javascript(UMD, { query: 'parseQuery' })));
    const start = UMD.indexOf('  function parseQuery(a, b) {');
    const body = UMD.slice(start, UMD.indexOf('\n  }\n', start) + 4);
    expect(body.split('\n').length).toBe(7);
    expect(out.text).toContain(body);
    expectElided(out.text, UMD, UMD_INNER.filter((name) => name !== 'parseQuery'));
    expect(out.text).toContain('retry: function (options) { /* 6 lines');
  });
});
