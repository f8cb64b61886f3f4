import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countTokens } from '../../src/tokens.js';
import type { BenchContext, Section } from '../context.js';
import { median } from '../measure.js';
import { markdownTable, ms } from '../table.js';

// What each agent passes on of a shell output without hooks (measured by test/clients with
// Claude Code 2.1.332 and Codex 0.171.0): Claude keeps up to 30,000 characters, and past
// that shows a 2 KB preview and a file path; Codex keeps about 10,000 characters, head and tail.
const CLAUDE_WHOLE_CHARS = 30_000;
const CLAUDE_PREVIEW_CHARS = 2_000;
const CODEX_KEPT_CHARS = 10_000;

/** Real commands of an agent's session, run in the package root. */
const SESSION: ReadonlyArray<{ label: string; line: string }> = [
  { label: 'ls -la /usr/bin', line: 'ls -la /usr/bin' },
  { label: 'dpkg -l', line: 'dpkg -l' },
  { label: 'git log --stat -n 40', line: 'git log --stat -n 40' },
  { label: 'grep -rn "export function" src', line: 'grep -rn "export function" src' },
  { label: 'find node_modules/@modelcontextprotocol -name "*.d.ts"', line: 'find node_modules/@modelcontextprotocol -name "*.d.ts"' },
  { label: 'npm ls --all', line: 'npm ls --all' },
  { label: 'cat src/pipeline.ts', line: 'cat src/pipeline.ts' },
  { label: 'git status --short', line: 'git status --short' },
];

function claudeWithout(output: string): number {
  if (output.length <= CLAUDE_WHOLE_CHARS) return countTokens(output);
  return countTokens(`<persisted-output>\nOutput too large (${output.length} characters). Full output saved to: /tmp/claude/tool-results/x.txt\n\nPreview (first 2KB):\n${output.slice(0, CLAUDE_PREVIEW_CHARS)}\n...\n</persisted-output>`);
}

function codexWithout(output: string): number {
  if (output.length <= CODEX_KEPT_CHARS) return countTokens(output);
  const half = CODEX_KEPT_CHARS / 2;
  return countTokens(`${output.slice(0, half)}\n…${output.length - CODEX_KEPT_CHARS} chars truncated…\n${output.slice(-half)}`);
}

/**
 * `headroom run` and the hooks, measured as an agent meets them: for a scripted session of
 * real commands, the tokens each agent would pass on without the hooks and what reaches it
 * with them (the view `headroom run` prints in that agent's shell); and what one hook call
 * costs, as a process the agent starts.
 */
export async function hooksSection(context: BenchContext): Promise<Section> {
  const bin = join(context.root, 'dist', 'src', 'cli', 'main.js');
  const home = mkdtempSync(join(tmpdir(), 'headroom-bench-hooks-'));
  const env = { PATH: process.env.PATH ?? '', HOME: home, HEADROOM_HOME: home };
  const rows: Array<Array<string | number>> = [];
  const totals = { output: 0, claudeWithout: 0, claudeWith: 0, codexWithout: 0, codexWith: 0 };
  try {
    for (const { label, line } of SESSION) {
      context.progress(`hooks: ${label}`);
      const plain = spawnSync('/bin/sh', ['-c', `${line} 2>&1`], { cwd: context.root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      const output = plain.stdout ?? '';
      if (output === '') continue;
      const viaRun = (agentEnv: Record<string, string>) => spawnSync(process.execPath, [bin, 'run', line], { cwd: context.root, encoding: 'utf8', env: { ...env, ...agentEnv }, maxBuffer: 64 * 1024 * 1024 }).stdout ?? '';
      const claudeWith = countTokens(viaRun({ CLAUDECODE: '1' }));
      const codexWith = countTokens(viaRun({ CODEX_THREAD_ID: 'bench' }));
      const outputTokens = countTokens(output);
      const row = { output: outputTokens, claudeWithout: claudeWithout(output), claudeWith, codexWithout: codexWithout(output), codexWith };
      for (const key of Object.keys(totals) as Array<keyof typeof totals>) totals[key] += row[key];
      rows.push([`\`${label}\``, output.length, row.output, row.claudeWithout, row.claudeWith, row.codexWithout, row.codexWith]);
    }
    rows.push(['**session**', '', totals.output, totals.claudeWithout, totals.claudeWith, totals.codexWithout, totals.codexWith]);

    const runs = context.quick ? 5 : 15;
    const time = (agent: string, event: unknown) => {
      const samples: number[] = [];
      for (let run = 0; run < runs; run++) {
        const start = performance.now();
        spawnSync(process.execPath, [bin, 'hook', agent], { input: JSON.stringify(event), env, encoding: 'utf8' });
        samples.push(performance.now() - start);
      }
      return median(samples);
    };
    const listing = spawnSync('ls', ['-la', '/usr/bin'], { encoding: 'utf8' }).stdout ?? '';
    const node = median(Array.from({ length: runs }, () => {
      const start = performance.now();
      spawnSync(process.execPath, ['-e', '0']);
      return performance.now() - start;
    }));
    const timings = [
      ['`node -e 0` (the floor: starting node)', ms(node)],
      ['claude, PreToolUse: rewrite a Bash command', ms(time('claude', { hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'npm test' } }))],
      ['claude, PostToolUse: small output, nothing to do', ms(time('claude', { hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: { command: 'ls' }, tool_response: { stdout: 'a\nb\n', stderr: '', interrupted: false, isImage: false } }))],
      [`claude, PostToolUse: ${listing.length.toLocaleString('en-US')}-character output compressed`, ms(time('claude', { hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: { command: 'ls -la /usr/bin' }, tool_response: { stdout: listing, stderr: '', interrupted: false, isImage: false } }))],
      ['codex, PreToolUse: rewrite a shell command', ms(time('codex', { hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'npm test' } }))],
      ['cursor, preToolUse: rewrite the Shell tool', ms(time('cursor', { hook_event_name: 'preToolUse', tool_name: 'Shell', tool_input: { command: 'npm test' } }))],
    ];
    const body = [
      `Real commands run in the package root. "Without hooks" is what each agent passes on of the output: Claude Code 2.1.332 keeps up to ${CLAUDE_WHOLE_CHARS.toLocaleString('en-US')} characters and past that a 2 KB preview with a file path; Codex 0.171.0 keeps about ${CODEX_KEPT_CHARS.toLocaleString('en-US')} characters, head and tail (both measured by the client suite). "With hooks" is the output of \`headroom run\` in that agent's shell (what the rewritten command prints: unchanged under 2,000 tokens, else the view). Tokens are o200k.`,
      '',
      markdownTable(['command', 'characters', 'output tokens', 'Claude without', 'Claude with', 'Codex without', 'Codex with'], rows),
      '',
      `One hook call, as the agent starts it (median of ${runs}):`,
      '',
      markdownTable(['hook call', 'time'], timings),
    ].join('\n');
    return { title: 'Hooks and headroom run', body };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
