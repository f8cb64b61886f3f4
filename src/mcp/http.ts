import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Headroom } from '../headroom.js';
import { createEventStore } from './event-store.js';
import { createServer } from './server.js';
import { createSpaceHeadrooms, type Space } from './spaces.js';

export interface HttpOptions {
  /** Interface to bind. Default 127.0.0.1. */
  host: string;
  /** Port; 0 picks a free one. Default 3333. */
  port: number;
  /** Bearer token clients must send; required when bound to anything but loopback. */
  token?: string;
  /**
   * More tokens, each opening a store of its own (a space): a session started with a space's
   * token sees only that space's originals, search and stats.
   */
  spaces?: readonly Space[];
  /** Opens a space's headroom; needed with `spaces`. */
  openSpace?: (name: string) => Promise<Headroom>;
}

export interface RunningHttpServer {
  url: string;
  token: string | undefined;
  /** Stops accepting, lets calls in flight finish, closes every session and the store. */
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
// JSON escaping can grow content; leave room so an input within the cap reaches our own check.
const ESCAPING_ALLOWANCE = 4;
const DRAIN_MS = 10_000;

/** A JSON-RPC error response, as MCP clients expect even for transport-level refusals. */
function refuse(res: ServerResponse, status: number, code: number, message: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}

function readBody(req: IncomingMessage, limit: number): Promise<{ ok: true; value: unknown } | { ok: false; status: number; code: number; message: string }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) {
        settled = true;
        resolve({ ok: false, status: 413, code: -32600, message: `Request body over ${limit} bytes; send less, or a path to a file instead of its content.` });
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (settled) return;
      settled = true;
      try {
        resolve({ ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
      } catch {
        resolve({ ok: false, status: 400, code: -32700, message: 'Parse error: the request body is not JSON.' });
      }
    });
    req.on('error', () => {
      if (!settled) resolve({ ok: false, status: 400, code: -32600, message: 'The request body could not be read.' });
      settled = true;
    });
  });
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * MCP over HTTP in one process: Streamable HTTP at `/mcp` (sessions, resumable through an
 * event store) and the legacy SSE transport at `/sse` + `/messages`. Host and Origin are
 * checked against DNS rebinding; off loopback a bearer token is required. Sessions share the
 * main store, or, started with a space's token, that space's own.
 */
export async function startHttpServer(headroom: Headroom, options: HttpOptions): Promise<RunningHttpServer> {
  const loopback = LOOPBACK.has(options.host);
  const spaces = options.spaces ?? [];
  const token = options.token ?? (loopback || spaces.length > 0 ? undefined : randomBytes(24).toString('base64url'));
  const openSpace = options.openSpace;
  const spaceHeadrooms = createSpaceHeadrooms(async (name) => {
    if (openSpace === undefined) throw new Error(`no way to open space ${name}`);
    return openSpace(name);
  });
  // '' is the main store: reached with `token`, or by anyone on loopback when no token is set.
  const spaceOf = (authorization: string): string | undefined => {
    let found: string | undefined;
    // Every token is compared, so the time taken does not say which one came close.
    for (const space of spaces) if (sameSecret(authorization, `Bearer ${space.token}`)) found = space.name;
    if (found !== undefined) return found;
    if (token !== undefined) return sameSecret(authorization, `Bearer ${token}`) ? '' : undefined;
    return spaces.length === 0 ? '' : undefined;
  };
  const headroomFor = (space: string): Promise<Headroom> => (space === '' ? Promise.resolve(headroom) : spaceHeadrooms.get(space));
  const maxBody = headroom.config.maxInputBytes * ESCAPING_ALLOWANCE + 1024 * 1024;
  // Each session belongs to the space whose token started it; another space's token cannot use it.
  const streamable = new Map<string, { transport: StreamableHTTPServerTransport; server: McpServer; space: string }>();
  const legacy = new Map<string, { transport: SSEServerTransport; server: McpServer; space: string }>();
  let inFlight = 0;
  let closing = false;
  let allowedHosts = new Set<string>();

  /** A new session's MCP server on its space's store; undefined (and the answer sent) when that store cannot open. */
  const serverFor = async (res: ServerResponse, space: string): Promise<McpServer | undefined> => {
    try {
      return createServer(await headroomFor(space));
    } catch (error) {
      refuse(res, 503, -32000, `The store of space "${space}" cannot be opened: ${(error as Error).message}`);
      return undefined;
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // DNS rebinding: a page on another site must not reach us through a name that resolves here.
    // (Off loopback the token is the guard: clients reach us under names we cannot know.)
    if (loopback && !allowedHosts.has((req.headers.host ?? '').toLowerCase())) return refuse(res, 403, -32000, 'Host not allowed.');
    const origin = req.headers.origin;
    if (origin !== undefined && loopback && !/^https?:\/\/(?:localhost|127\.0\.0\.1|\[::1\])(?::\d+)?$/.test(origin)) return refuse(res, 403, -32000, 'Origin not allowed.');
    const space = spaceOf(req.headers.authorization ?? '');
    if (space === undefined) {
      res.setHeader('www-authenticate', 'Bearer');
      return refuse(res, 401, -32001, `Missing or wrong bearer token (Authorization: Bearer <${spaces.length > 0 ? 'a token from HEADROOM_TOKENS_FILE' : 'HEADROOM_TOKEN'}>).`);
    }
    if (closing) return refuse(res, 503, -32000, 'Server is shutting down.');

    if (url.pathname === '/mcp') {
      const sessionId = req.headers['mcp-session-id'];
      const session = typeof sessionId === 'string' ? streamable.get(sessionId) : undefined;
      const known = session?.space === space ? session : undefined;
      if (req.method === 'POST') {
        const body = await readBody(req, maxBody);
        if (!body.ok) return refuse(res, body.status, body.code, body.message);
        if (known) return known.transport.handleRequest(req, res, body.value);
        if (sessionId !== undefined) return refuse(res, 404, -32001, 'Unknown session; start a new one with initialize.');
        if (!isInitializeRequest(body.value)) return refuse(res, 400, -32000, 'No session: the first request must be initialize.');
        const server = await serverFor(res, space);
        if (server === undefined) return;
        const transport = new StreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          eventStore: createEventStore(),
          onsessioninitialized: (id) => {
            streamable.set(id, { transport, server, space });
          },
        });
        transport.onclose = () => {
          if (transport.sessionId !== undefined) streamable.delete(transport.sessionId);
        };
        await server.connect(transport);
        return transport.handleRequest(req, res, body.value);
      }
      if (req.method === 'GET' || req.method === 'DELETE') {
        if (!known) return refuse(res, sessionId === undefined ? 400 : 404, -32000, 'Unknown or missing session id.');
        return known.transport.handleRequest(req, res);
      }
      res.setHeader('allow', 'GET, POST, DELETE');
      return refuse(res, 405, -32000, 'Method not allowed.');
    }
    if (url.pathname === '/sse' && req.method === 'GET') {
      const server = await serverFor(res, space);
      if (server === undefined) return;
      const transport = new SSEServerTransport('/messages', res);
      legacy.set(transport.sessionId, { transport, server, space });
      transport.onclose = () => legacy.delete(transport.sessionId);
      await server.connect(transport);
      return;
    }
    if (url.pathname === '/messages' && req.method === 'POST') {
      const session = legacy.get(url.searchParams.get('sessionId') ?? '');
      const known = session?.space === space ? session : undefined;
      if (!known) return refuse(res, 404, -32001, 'Unknown SSE session; open /sse again.');
      const body = await readBody(req, maxBody);
      if (!body.ok) return refuse(res, body.status, body.code, body.message);
      return known.transport.handlePostMessage(req, res, body.value);
    }
    return refuse(res, 404, -32601, 'Not found: use /mcp (Streamable HTTP) or /sse (legacy SSE).');
  };

  const http = createHttpServer((req, res) => {
    inFlight++;
    res.on('close', () => inFlight--);
    handle(req, res).catch(() => refuse(res, 500, -32603, 'Internal error.'));
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  allowedHosts = new Set(['localhost', '127.0.0.1', '[::1]'].map((name) => `${name}:${port}`));
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;

  return {
    url: `http://${shownHost}:${port}`,
    token,
    async close() {
      closing = true;
      http.close();
      // Calls in flight finish (SSE streams stay open, so they are not waited for).
      const deadline = Date.now() + DRAIN_MS;
      while (inFlight > legacy.size + streamable.size && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      for (const { server } of [...streamable.values(), ...legacy.values()]) await server.close().catch(() => {});
      http.closeAllConnections();
      await spaceHeadrooms.close();
      await headroom.close();
    },
  };
}
