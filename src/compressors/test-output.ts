import { formatCount } from '../marker.js';
import { splitLines } from '../lines.js';
import type { CompressOutcome, CompressRequest, Compressor } from './types.js';

/**
 * Test runner output (vitest, jest, mocha, node:test/TAP, pytest, go test, cargo test,
 * JUnit/Surefire): passing tests fold into one counted marker per file; failing tests, their
 * messages, expected/actual blocks, locations and code frames, and the summary stay verbatim.
 */

const PASS = [
  /^\s*(?:✓|✔|√)\s+\S/, // vitest, jest, mocha
  /^\s*ok \d+ (?!#\s*skip)/i, // TAP, node:test
  /^\s*--- PASS: /, // go test -v
  /^\s*=== (?:RUN|PAUSE|CONT)\s/, // go test -v progress
  /^test \S+ \.\.\. ok$/, // cargo test
  /\sPASSED(?:\s+\[\s*\d+%\])?$/, // pytest -v
  /^\s*PASS\s+\S+\.(?:[jt]sx?|mjs|cjs)\b/, // jest file header
  /^\[INFO\] Tests run: \d+, Failures: 0, Errors: 0/, // surefire per class
];
const FAIL = [/^\s*(?:×|✗|✘|❌)\s+\S/, /^\s*not ok \d+/, /^\s*--- FAIL: /, /^test \S+ \.\.\. FAILED$/, /\sFAILED(?:\s+\[\s*\d+%\])?$/, /^\s*FAIL\s+\S/, /^\s*\d+\) \S/, /Tests run: \d+, Failures: [1-9]|Errors: [1-9]/];
// Where a runner starts printing failure details: everything from here to the summary stays.
const DETAILS_START = /⎯+ Failed Tests \d+ ⎯+|^=+ FAILURES =+$|^failures:$|^\s*\d+ failing$|^Failed tests:|^\[ERROR\] Failures:|^# Subtest:|^Summary of all failing tests$/;
// A test file or suite the passes belong to.
const FILE = /((?:[\w@.+-]+\/)*[\w@.+-]+(?:\.(?:test|spec)\.[cm]?[jt]sx?|_test\.(?:go|py)|\.py|Test\.java|Tests?\.kt))\b/;

/** Passing lines in a row below this stay as they are. */
const MIN_FOLD = 3;

function isPass(line: string): boolean {
  return PASS.some((pattern) => pattern.test(line));
}

function isFail(line: string): boolean {
  return FAIL.some((pattern) => pattern.test(line));
}

export function createTestOutputCompressor(): Compressor {
  return { name: 'test', compress: compressTestOutput };
}

function compressTestOutput(request: CompressRequest): CompressOutcome {
  const { lines } = splitLines(request.text);
  const passes = lines.filter(isPass).length;
  if (passes < 3) return { status: 'skipped', reason: 'no run of passing tests to fold' };
  if (request.lossless) return { status: 'skipped', reason: 'folding passes loses their names' };

  const out: string[] = [];
  let folded = 0;
  let run: { count: number; file: string | undefined; first: number; last: number; lines: string[] } | undefined;
  let currentFile: string | undefined;
  const flush = () => {
    if (run === undefined) return;
    // A short run reads better as it is (and a `✓ file (119 tests)` line is a summary itself).
    if (run.count < MIN_FOLD) {
      out.push(...run.lines);
      run = undefined;
      return;
    }
    const where = run.first === run.last ? `line ${run.first}` : `lines ${run.first}-${run.last}`;
    out.push(`[... ${formatCount(run.count)} passed${run.file === undefined ? '' : ` in ${run.file}`} (${where}) ...]`);
    folded += run.count;
    run = undefined;
  };
  let inDetails = false;
  lines.forEach((line, index) => {
    const file = FILE.exec(line)?.[1];
    if (DETAILS_START.test(line)) inDetails = true;
    if (!inDetails && isPass(line) && !isFail(line)) {
      const owner = file ?? currentFile;
      if (run !== undefined && run.file !== owner) flush();
      run ??= { count: 0, file: owner, first: index + 1, last: index + 1, lines: [] };
      run.count++;
      run.lines.push(line);
      run.last = index + 1;
      return;
    }
    flush();
    if (file !== undefined && !isPass(line)) currentFile = file;
    out.push(line);
  });
  flush();
  if (folded === 0) return { status: 'skipped', reason: 'no passing tests outside the failure details' };
  return { status: 'compressed', text: out.join('\n'), strategy: 'fold-passes', lossless: false, omitted: `${formatCount(folded)} passing tests folded into counts` };
}
