import { CONTENT_KINDS } from '../kinds.js';

export const COMMANDS = ['compress', 'retrieve', 'search', 'stats', 'purge', 'run', 'hook', 'wrap', 'mcp', 'install', 'doctor', 'bench', 'help'] as const;
export type Command = (typeof COMMANDS)[number];

const OVERVIEW = `headroom: reversible context compression for AI agents

Usage:
  some-command | headroom compress [--query Q]   compress a pipe; the original is kept
  headroom compress FILE [options]                compress a file
  headroom retrieve HASH [--query Q] [--offset N] [--limit N]
  headroom search QUERY [--limit N]               search every stored original
  headroom stats [--json]                         tokens saved, store size
  headroom purge --yes                            delete every stored original
  headroom run -- CMD [ARGS...]                   run CMD; a large output prints as a view
  headroom hook claude|codex|cursor               an agent hook (reads the hook's JSON on stdin)
  headroom wrap -- CMD [ARGS...]                  serve another MCP server, its large results as views
  headroom mcp [--transport http] [--port N]     run the MCP server (stdio, or HTTP)
  headroom install [claude|cursor|codex|all]      add headroom to your MCP clients
  headroom doctor [--repair]                      check the install and say what to fix
  headroom bench [--quick] [--only S] [--out F]   run the benchmark, write bench/results.md

Run "headroom help COMMAND" for a command's options.
Environment: HEADROOM_HOME (default ~/.headroom), HEADROOM_STORE (sqlite|memory),
HEADROOM_TTL (default 24h), HEADROOM_MAX_STORE_BYTES (default 512MB),
HEADROOM_MAX_INPUT_BYTES (default 32MB), HEADROOM_ALLOWED_ROOTS, HEADROOM_DEADLINE_MS,
HEADROOM_TOKEN (HTTP bearer token), HEADROOM_TOKENS_FILE (a store per token),
CODEX_HOME (for install).`;

export const HELP: Record<Command | 'overview', string> = {
  overview: OVERVIEW,
  compress: `Usage: headroom compress [FILE|-] [options]

Compresses FILE (or standard input) and prints the view; the original is stored so
"headroom retrieve HASH" or the MCP tool headroom_retrieve can return it. Run inside
Claude Code's Bash (CLAUDECODE=1) or Codex's shell (CODEX_THREAD_ID set), the view is kept
under what that agent passes to its model (28,000 / 9,500 bytes).

Options:
  -q, --query Q        keep lines that match Q
  -t, --type T         force the content type: auto, ${CONTENT_KINDS.join(', ')}
  -m, --max-tokens N   target size of the view in tokens (default: JSON 7% of the input,
                       500-2,000; other kinds 25%, 1,000-3,000)
      --lossless       only fold exact repeats; drop nothing
  -f, --format F       JSON views: table (compact, field names once), json (valid JSON),
                       or auto (default: the smaller)
      --language L     source language (typescript, python, go, rust, java, c, cpp, ...);
                       default: from FILE's extension, else from the text
      --json           print the result as JSON: hash, content_type, strategy,
                       original_tokens, compressed_tokens, saved_percent, lossless,
                       expires_at, view`,
  retrieve: `Usage: headroom retrieve HASH [options]

Prints the stored original exactly, or with --query the best-matching lines. Inside an
agent's shell (see compress) it prints a page that fits what the agent passes on, and says
on stderr how to get the next one.

Options:
  -q, --query Q        BM25 search within the original
  -o, --offset N       first line to print (1-based)
      --char-offset N  first character of that line (1-based), as a page note gives it
  -l, --limit N        lines to print; with --query, number of hits (default 10)
      --json           print the result as JSON`,
  search: `Usage: headroom search QUERY [--limit N] [--json]

BM25 search across every live original; each hit names its hash and line.`,
  stats: `Usage: headroom stats [--json]

Tokens in, out, retrieved back and net saved, this process and all time; store size.`,
  purge: `Usage: headroom purge --yes

Deletes every stored original (the figures in "headroom stats" are kept).`,
  run: `Usage: headroom run [options] -- CMD [ARGS...]
       headroom run [options] 'SHELL COMMAND LINE'

Runs the command with stdin inherited, and exits with its status (128 + N if signal N ended
it). Its output (stdout and stderr, interleaved as they arrived) prints unchanged when it
is under --min-tokens; a larger one prints as a view with a footer, and the original is
stored with the command line as its source, for "headroom retrieve HASH". Ctrl-C reaches
the command. If anything fails after the command ran, its output prints unchanged. Output
over HEADROOM_MAX_INPUT_BYTES streams through unchanged. Inside Claude Code's Bash or
Codex's shell the view stays under what the agent passes on (see compress).

Options:
      --min-tokens N   output under N o200k tokens prints unchanged (default 2,000)
  -m, --max-tokens N   target size of the view in tokens (default as for compress)`,
  wrap: `Usage: headroom wrap [options] -- CMD [ARGS...]
       headroom wrap [options] --url URL [--header 'Name: value']... [--sse]

Serves another MCP server over stdio, unchanged: every message passes both ways as it came
(tools, their names and schemas, resources, prompts, progress, sampling, errors), except
the text of a tool result of --min-tokens or more, which becomes our view with a footer;
the original is stored (source "wrap: SERVER: TOOL") for headroom_retrieve or "headroom
retrieve HASH". A copy of the text inside structuredContent (what Claude Code and Codex
show the model) becomes the view too; a structured value that holds the data any other way
leaves the result as it came, since it must still match the tool's outputSchema. Also left
as they came: errors, images, audio, resources, results that are views already, and
everything headroom's own server says. Views fit what the client passes on (Codex: 10,000
bytes).
A result not compressed within HEADROOM_DEADLINE_MS passes through unchanged, as does
every result when the store cannot open. When CMD exits, wrap exits with its status.

Options:
      --url URL        an upstream over Streamable HTTP (falls back to HTTP+SSE when the
                       server refuses it with 400, 404 or 405)
      --header H       a header for every request to --url, "Name: value"; repeatable
      --sse            use the HTTP+SSE transport from the start
      --min-tokens N   results under N o200k tokens pass unchanged (default 2,000)
  -m, --max-tokens N   target size of a view in tokens (default as for compress)

"headroom install --wrap" puts the servers already configured in Claude Code, Cursor and
Codex behind it.`,
  hook: `Usage: headroom hook claude|codex|cursor

An agent hook: reads the hook event's JSON on stdin and prints the answer the agent
expects, or nothing to leave the call as it is. "headroom install" sets them up.

  claude   PreToolUse for Bash: the command is rewritten to run through "headroom run"
           (PostToolUse never sees a failing command, and Claude Code keeps only its first
           30,000 characters). PostToolUse for Bash and other servers' MCP tools (mcp__*):
           output of 2,000 tokens or more is replaced by its view (the original is stored).
  codex    PreToolUse, for shell commands: the command is rewritten to run through
           "headroom run", so a large output reaches the model as a view.
  cursor   preToolUse for the shell tool (rewritten as for codex) and postToolUse for
           MCP tools (output replaced as for claude).

Any error, input it does not know, or more than 10 s: it prints nothing and exits 0, so
the agent goes on with the original.`,
  mcp: `Usage: headroom mcp [--transport stdio|http] [--host H] [--port N]

Runs the MCP server (tools headroom_compress, headroom_retrieve, headroom_stats).
Add it to your client with the command "headroom mcp".

Options:
      --transport T    stdio (default) or http
      --host H         http: interface to bind (default 127.0.0.1)
  -p, --port N         http: port (default 3333; 0 picks a free one)

Over http one process serves Streamable HTTP at /mcp (sessions, resumable) and the
legacy SSE transport at /sse, sharing one store. Host and Origin headers are checked;
bound to anything but loopback, clients must send Authorization: Bearer <token>, the
token being HEADROOM_TOKEN or one printed at start. HEADROOM_TOKENS_FILE names a file of
"NAME TOKEN" lines: each token opens a store of its own (HEADROOM_HOME/spaces/NAME), so
people or teams on one server do not see each other's originals. Ctrl-C finishes calls
in flight and closes the stores.`,
  bench: `Usage: headroom bench [--quick] [--only SECTIONS] [--out FILE]

Runs the benchmark suite (the same as "npm run bench" in a checkout) and prints a
Markdown report; progress goes to stderr. It never touches your store: it uses an
in-memory store and temporary directories.

Sections: workloads (headroom-shaped agent contexts with planted answers), fixtures
(real captured tool output), recall (planted questions about the fixtures, per kind), documents (long real documents with targeted questions), parity (headroom's recorded outputs, from
HEADROOM_PARITY_DIR or ../shared/anchors/headroom-parity), speed (1 KB-10 MB against
JSON.parse / a line split), latency (MCP over stdio, retrieve and search over 10,000
chunks), hooks (a session of real commands with and without the hooks, and the time of
one hook call), reliability (hostile inputs against the deadline, a shared store under
load), memory (peak RSS, heap under load), views (a digest of every view, to show that a
change left them alone).

Options:
      --quick          fewer runs, inputs up to 1 MB (a minute instead of several)
      --only S         comma-separated sections to run, e.g. --only workloads,parity
      --out FILE       where to write the report (default bench/results.md in the package)`,
  install: `Usage: headroom install [claude|cursor|codex|all] [options]
       headroom install --wrap [CLIENT...] [NAME...] [--scope S] [--dry-run]
       headroom install --unwrap [CLIENT...] [NAME...] [--scope S] [--dry-run]

Adds headroom to each client's MCP config, merging with what is there (other servers are
left alone), a short block to CLAUDE.md / AGENTS.md telling the agent when to use it, and
the hooks that compress large shell output without a tool call (see headroom help hook):
Claude Code's PreToolUse and PostToolUse in settings.json, Codex's PreToolUse in hooks.json (trusted in
config.toml, as Codex's /hooks review would), Cursor's preToolUse and postToolUse in
hooks.json. Other hooks in those files are left alone.
Running it twice changes nothing. At user scope every client gets this node, this package's
bin and the same store (HEADROOM_HOME); at project scope the files name no local path
("headroom mcp", from PATH) so they can be committed. Claude Code is set up with
"claude mcp add-json" when the claude command is on PATH, otherwise through its JSON config.
If a step fails, what was done before it is undone. Without a client name: every client
that looks installed.

Files: Claude ~/.claude.json or ./.mcp.json (+ ~/.claude/CLAUDE.md or ./CLAUDE.md, and
~/.claude/settings.json or ./.claude/settings.json); Cursor ~/.cursor/mcp.json or
./.cursor/mcp.json (+ ./AGENTS.md, and hooks.json beside mcp.json); Codex
$CODEX_HOME/config.toml, default ~/.codex/config.toml (+ AGENTS.md and hooks.json beside it).

Options:
      --scope S              user (default) or project (files in this directory)
      --dry-run              show the changes as a diff; change nothing
      --uninstall            take headroom out again (config entries and the block)
      --no-instructions      leave CLAUDE.md / AGENTS.md alone
      --no-hooks             leave the hooks out (--uninstall takes ours out regardless)
      --print-instructions   print the CLAUDE.md / AGENTS.md block and stop
      --wrap                 run the other MCP servers already configured through
                             "headroom wrap", so their large tool results are compressed
      --unwrap               put wrapped servers back exactly as they were

--wrap rewrites the chosen servers (NAME..., default all) in the chosen clients' configs
(default every client) at the chosen scope: a command server's command and args move
behind "headroom wrap --", a URL server becomes "headroom wrap --url URL --header
'K: V'". Every other field stays in place, and nothing else in the file changes. Never
wrapped: headroom itself, a server already wrapped, a URL server whose settings the
wrapper cannot carry (OAuth, a bearer token variable, \${VAR} in a header); it says why.
At project scope it covers ./.mcp.json, Claude Code's local servers for this directory
in ~/.claude.json, and ./.cursor/mcp.json. Each file's text before is kept beside it as
FILE.headroom-backup, and each entry's in HEADROOM_HOME/wrapped-servers.json, from which
--unwrap puts the entry back byte for byte (without it, from the entry's arguments).
Running it twice changes nothing. A server named like a client is written CLIENT/NAME.

Examples:
  headroom install --wrap --dry-run          show what wrapping every server would change
  headroom install --wrap cursor github      wrap Cursor's "github" server
  headroom install --unwrap                  put every wrapped server back`,
  doctor: `Usage: headroom doctor [--repair]

Checks Node's version, that the store is writable, that the code grammars load, that every
client config naming headroom starts a command that exists and uses this store, and that each
client present has headroom configured; with claude or codex on PATH it asks them too
("claude mcp get headroom" starts the server). Prints what to fix; exits 1 when something
needs fixing.

  --repair   copy every original that can still be read from the damaged store files
             moved aside in HEADROOM_HOME (store.sqlite.damaged-*) into the store; each is
             checked against its hash, and the damaged files are left as they are`,
  help: `Usage: headroom help [COMMAND]`,
};
