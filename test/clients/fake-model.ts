import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A scripted stand-in for the model: it answers Anthropic Messages and OpenAI Responses
 * streams on loopback and logs every request body, so a test can assert on exactly what a
 * real agent CLI handed its model.
 */

export const APIS = ['anthropic', 'responses'] as const;
export type Api = (typeof APIS)[number];

/** What the scripted model does next. `mcp` names a tool of the MCP server `server`. */
export type ModelAction =
  | { type: 'mcp'; server: string; tool: string; input: Record<string, unknown> }
  | { type: 'shell'; command: string }
  | { type: 'text'; text: string };

/** One tool result as the model received it. */
export interface ReceivedResult {
  callId: string;
  /** The text parts in order (a plain string result is one part). */
  parts: string[];
  /** The parts joined the way the model reads them. */
  text: string;
  /** The parts the tool produced: `parts` without the client's own preamble (Codex's "Wall time: … Output:"). */
  body: string[];
}

/** The conversation so far, as the script sees it. */
export interface Turn {
  api: Api;
  body: Record<string, unknown>;
  /** Results of the script's own actions, oldest first (calls the fake model made to set up, such as ToolSearch, are left out). */
  results: ReceivedResult[];
  /** Tool names offered in this request: Anthropic names, or `namespace/name` for Responses namespaces. */
  tools: string[];
}

export type Script = (turn: Turn) => ModelAction;

export interface LoggedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** Set when the request was a conversation turn the script answered. */
  api?: Api;
  /** What the fake model answered, for debugging a failed run. */
  answered?: unknown;
}

export interface FakeModel {
  /** `http://127.0.0.1:PORT` */
  url: string;
  requests: LoggedRequest[];
  /** The script's actions' results in the last conversation turn request (the fullest history). */
  lastTurn(): Turn | undefined;
  close(): Promise<void>;
}

// A run whose script never ends must not loop forever: past this many turns the model stops.
const MAX_TURNS = 80;
// Claude Code defers MCP tools; the model loads them with ToolSearch. Servers connect
// asynchronously, so the fake model retries the search a bounded number of times.
const MAX_TOOL_SEARCHES = 5;
const SCRIPT_ID = 'scr';
const SETUP_ID = 'setup';

export async function startFakeModel(script: Script): Promise<FakeModel> {
  const requests: LoggedRequest[] = [];
  let turns = 0;
  let ids = 0;
  let last: Turn | undefined;
  const nextId = (kind: string) => `${kind}_${++ids}`;

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      console.error('[fake-model]', error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { type: 'api_error', message: String(error) } }));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const headers = { ...req.headers };
    delete headers.authorization;
    delete headers['x-api-key'];
    const body: unknown = raw.length === 0 ? undefined : parseJson(raw);
    const logged: LoggedRequest = { method: req.method ?? 'GET', path: url.pathname + url.search, headers, body };
    requests.push(logged);

    if (req.method === 'POST' && url.pathname.endsWith('/messages/count_tokens')) {
      return json(res, { input_tokens: Math.ceil(raw.length / 4) });
    }
    if (req.method === 'GET' && url.pathname.endsWith('/models')) {
      return json(res, { object: 'list', data: [{ id: 'fake-model', object: 'model', type: 'model', display_name: 'Fake model' }], models: [] });
    }
    if (req.method === 'POST' && url.pathname.endsWith('/messages') && isRecord(body)) {
      const turn = anthropicTurn(body);
      // Side requests (titles, summaries) carry no tools; they get a short text and are not turns.
      const action = turn.tools.length === 0 ? ({ type: 'text', text: 'ok' } as const) : scriptAction(turn);
      if (turn.tools.length > 0) {
        logged.api = 'anthropic';
        last = turn;
      }
      const answer = anthropicAnswer(action, turn);
      logged.answered = answer;
      return streamAnthropic(res, answer, nextId('msg'));
    }
    if (req.method === 'POST' && url.pathname.endsWith('/responses') && isRecord(body)) {
      const turn = responsesTurn(body);
      logged.api = 'responses';
      last = turn;
      const answer = responsesAnswer(scriptAction(turn), turn);
      logged.answered = answer;
      return streamResponses(res, answer, nextId('resp'));
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { type: 'not_found_error', message: `fake model: no route for ${req.method} ${url.pathname}` } }));
  }

  function scriptAction(turn: Turn): ModelAction {
    turns += 1;
    if (turns > MAX_TURNS) return { type: 'text', text: `fake model: stopped after ${MAX_TURNS} turns` };
    return script(turn);
  }

  type AnthropicBlock = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: unknown };

  function anthropicAnswer(action: ModelAction, turn: Turn): AnthropicBlock[] {
    switch (action.type) {
      case 'text':
        return [{ type: 'text', text: action.text }];
      case 'shell':
        return [{ type: 'tool_use', id: nextId(SCRIPT_ID), name: 'Bash', input: { command: action.command, description: 'run a command' } }];
      case 'mcp': {
        const name = `mcp__${action.server}__${action.tool}`;
        const searches = toolSearches(turn.body);
        if (!turn.tools.includes(name) && searches < MAX_TOOL_SEARCHES) {
          return [{ type: 'tool_use', id: nextId(SETUP_ID), name: 'ToolSearch', input: { query: `select:${name}`, max_results: 5 } }];
        }
        return [{ type: 'tool_use', id: nextId(SCRIPT_ID), name, input: action.input }];
      }
    }
  }

  type ResponsesItem = Record<string, unknown>;

  function responsesAnswer(action: ModelAction, turn: Turn): ResponsesItem {
    switch (action.type) {
      case 'text':
        return { type: 'message', role: 'assistant', id: nextId('msg'), status: 'completed', content: [{ type: 'output_text', text: action.text, annotations: [] }] };
      case 'shell':
        // A login shell would read /etc/profile, which on Debian resets root's PATH and loses
        // the run's own directories (the `headroom` shim); a model may ask for a plain shell.
        return { type: 'function_call', id: nextId('fc'), call_id: nextId(SCRIPT_ID), name: 'exec_command', arguments: JSON.stringify({ cmd: action.command, login: false }), status: 'completed' };
      case 'mcp': {
        const namespace = `mcp__${action.server}__`;
        // The tools list tells how Codex wants this MCP tool called: inside a namespace, or flat.
        const inNamespace = turn.tools.find((tool) => tool === `${namespace}/${action.tool}` || tool === `mcp__${action.server}/${action.tool}`);
        const call: ResponsesItem = { type: 'function_call', id: nextId('fc'), call_id: nextId(SCRIPT_ID), arguments: JSON.stringify(action.input), status: 'completed' };
        if (inNamespace !== undefined) {
          const [ns, tool] = inNamespace.split('/');
          return { ...call, namespace: ns, name: tool };
        }
        return { ...call, name: `${namespace}${action.tool}` };
      }
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    lastTurn: () => last,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Every tool result in an Anthropic Messages body, as the model received it. */
export function anthropicResults(body: Record<string, unknown>): ReceivedResult[] {
  const results: ReceivedResult[] = [];
  for (const message of asArray(body.messages)) {
    if (!isRecord(message)) continue;
    for (const block of asArray(message.content)) {
      if (!isRecord(block) || block.type !== 'tool_result') continue;
      const parts = typeof block.content === 'string' ? [block.content] : asArray(block.content).flatMap((part) => (isRecord(part) && part.type === 'text' && typeof part.text === 'string' ? [part.text] : []));
      results.push({ callId: String(block.tool_use_id), parts, text: parts.join('\n'), body: parts });
    }
  }
  return results;
}

/** Every tool result in an OpenAI Responses body, as the model received it. */
export function responsesResults(body: Record<string, unknown>): ReceivedResult[] {
  const results: ReceivedResult[] = [];
  for (const item of asArray(body.input)) {
    if (!isRecord(item) || typeof item.type !== 'string' || !item.type.endsWith('_call_output')) continue;
    const output = item.output;
    const parts = typeof output === 'string' ? [output] : asArray(output).flatMap((part) => (isRecord(part) && typeof part.text === 'string' ? [part.text] : []));
    results.push({ callId: String(item.call_id), parts, text: parts.join('\n'), body: withoutPreamble(parts) });
  }
  return results;
}

/** The tool results the model received, of the script's own calls, in any logged turn request. */
export function receivedResults(request: LoggedRequest): ReceivedResult[] {
  if (!isRecord(request.body)) return [];
  const all = request.api === 'responses' ? responsesResults(request.body) : anthropicResults(request.body);
  return all.filter((result) => result.callId.startsWith(`${SCRIPT_ID}_`));
}

// Codex puts "Wall time: 0.02 seconds\nOutput:" before an MCP result: as its own item when the
// result is content items, or on the front of the string when it is structured JSON.
const CODEX_PREAMBLE = /^(?:Wall time: [\d.]+ seconds\n)?Output:\n?/;

function withoutPreamble(parts: readonly string[]): string[] {
  const [first, ...rest] = parts;
  if (first === undefined || !CODEX_PREAMBLE.test(first)) return [...parts];
  const remainder = first.replace(CODEX_PREAMBLE, '');
  return remainder === '' ? rest : [remainder, ...rest];
}

function anthropicTurn(body: Record<string, unknown>): Turn {
  const tools = asArray(body.tools).flatMap((tool) => (isRecord(tool) && typeof tool.name === 'string' ? [tool.name] : []));
  // Tools ToolSearch has loaded come back as tool_reference blocks; they are callable now.
  for (const message of asArray(body.messages)) {
    if (!isRecord(message)) continue;
    for (const block of asArray(message.content)) {
      if (!isRecord(block) || block.type !== 'tool_result') continue;
      for (const part of asArray(block.content)) {
        if (isRecord(part) && part.type === 'tool_reference' && typeof part.tool_name === 'string') tools.push(part.tool_name);
      }
    }
  }
  const results = anthropicResults(body).filter((result) => result.callId.startsWith(`${SCRIPT_ID}_`));
  return { api: 'anthropic', body, results, tools };
}

function responsesTurn(body: Record<string, unknown>): Turn {
  const tools: string[] = [];
  for (const tool of asArray(body.tools)) {
    if (!isRecord(tool) || typeof tool.name !== 'string') continue;
    if (tool.type === 'namespace') {
      for (const inner of asArray(tool.tools)) if (isRecord(inner) && typeof inner.name === 'string') tools.push(`${tool.name}/${inner.name}`);
    } else {
      tools.push(tool.name);
    }
  }
  const results = responsesResults(body).filter((result) => result.callId.startsWith(`${SCRIPT_ID}_`));
  return { api: 'responses', body, results, tools };
}

function toolSearches(body: Record<string, unknown>): number {
  let count = 0;
  for (const message of asArray(body.messages)) {
    if (!isRecord(message) || message.role !== 'assistant') continue;
    for (const block of asArray(message.content)) if (isRecord(block) && block.type === 'tool_use' && block.name === 'ToolSearch') count += 1;
  }
  return count;
}

function streamAnthropic(res: ServerResponse, blocks: ReadonlyArray<{ type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: unknown }>, id: string): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const send = (type: string, data: Record<string, unknown>) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  send('message_start', {
    message: { id, type: 'message', role: 'assistant', model: 'fake-model', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 1, output_tokens: 1 } },
  });
  blocks.forEach((block, index) => {
    if (block.type === 'text') {
      send('content_block_start', { index, content_block: { type: 'text', text: '' } });
      send('content_block_delta', { index, delta: { type: 'text_delta', text: block.text } });
    } else {
      send('content_block_start', { index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
      send('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) } });
    }
    send('content_block_stop', { index });
  });
  const stopReason = blocks.some((block) => block.type === 'tool_use') ? 'tool_use' : 'end_turn';
  send('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: 1 } });
  send('message_stop', {});
  res.end();
}

function streamResponses(res: ServerResponse, item: Record<string, unknown>, id: string): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  let sequence = 0;
  const send = (type: string, data: Record<string, unknown>) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...data })}\n\n`);
  const response = { id, object: 'response', status: 'in_progress', model: 'fake-model', output: [] };
  send('response.created', { response });
  const added = item.type === 'function_call' ? { ...item, arguments: '', status: 'in_progress' } : { ...item, content: [], status: 'in_progress' };
  send('response.output_item.added', { output_index: 0, item: added });
  send('response.output_item.done', { output_index: 0, item });
  send('response.completed', {
    response: { ...response, status: 'completed', output: [item], usage: { input_tokens: 1, input_tokens_details: { cached_tokens: 0 }, output_tokens: 1, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 2 } },
  });
  res.end();
}

function json(res: ServerResponse, value: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
