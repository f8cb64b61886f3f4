import { InputError, NotFoundError } from './errors.js';
import { splitLines } from './lines.js';
import { formatCount, isId } from './marker.js';
import { renderHits } from './search/hit-view.js';
import type { MatchMode, OriginalAnswer, SearchHit, Searcher } from './search/searcher.js';
import { DEFAULT_PAGE_TOKENS } from './page-size.js';
import { cutPage, lineStarts } from './paging.js';
import type { OriginalMeta, OriginalStore } from './store/types.js';

/** Hits returned by a search unless `limit` says otherwise. */
export const DEFAULT_HITS = 10;
export const MAX_HITS = 100;
/** Tokens of hits in one search answer: well under every client's limit, and one read. */
const ANSWER_TOKENS = 2_500;

export interface RetrieveRequest {
  hash?: string;
  query?: string;
  /** First line to return (1-based). */
  offset?: number;
  /** Lines to return from `offset`; with `query`, the number of hits. */
  limit?: number;
  /** First character of line `offset` to return (1-based), for lines longer than a page. */
  charOffset?: number;
  /** Page size in o200k tokens; default {@link DEFAULT_PAGE_TOKENS}. */
  pageTokens?: number;
  /** Page size in UTF-8 bytes as well, for clients that cut results by size; default none. */
  pageBytes?: number;
}

export interface RetrieveStructured {
  mode: 'original' | 'page' | 'search' | 'search_all';
  hash?: string;
  total_lines?: number;
  /** First and last line returned (1-based), for original/page. */
  first_line?: number;
  last_line?: number;
  /** Line to pass as `offset` for the next page; absent when this was the last. */
  next_offset?: number;
  /** With `next_offset`, the character of that line the next page starts at (1-based). */
  next_char_offset?: number;
  match_mode?: MatchMode;
  total_matches?: number;
  matches?: RetrieveMatch[];
  expires_at?: string;
}

/** Where a hit is; its text is in the answer's blocks. */
export interface RetrieveMatch {
  hash: string;
  location: string;
  line: number;
}

export interface RetrieveAnswer {
  /** Text blocks for the model. For original/page the first block is the exact text. */
  blocks: string[];
  structured: RetrieveStructured;
}

export interface RetrieveDeps {
  originals: OriginalStore;
  searcher: Searcher;
  /** How long an original lives after its last read (HEADROOM_TTL), for the expiry message. */
  ttlMs: number;
}

const DURATION_UNITS: ReadonlyArray<[ms: number, unit: string]> = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'min'],
  [1_000, 's'],
];

/** `24 h`, `90 min`, `5 s`: the largest unit that divides the duration, else milliseconds. */
function formatDuration(ms: number): string {
  const [size, unit] = DURATION_UNITS.find(([size]) => ms >= size && ms % size === 0) ?? [1, 'ms'];
  return `${formatCount(ms / size)} ${unit}`;
}

function describe(meta: OriginalMeta): string {
  return `${meta.kind}, ${formatCount(meta.lines)} lines, ${formatCount(meta.bytes)} bytes`;
}

async function missing(originals: OriginalStore, hash: string, ttlMs: number): Promise<NotFoundError> {
  const gone = await originals.forgotten(hash);
  const why =
    gone === undefined
      ? `${hash} is not in the store: it was never stored here, or it expired or was evicted over a week ago`
      : `${hash} was ${gone.reason === 'evicted' ? 'evicted to keep the store under its size cap' : gone.reason === 'expired' ? `expired (originals live ${formatDuration(ttlMs)} after their last use)` : 'deleted'} at ${new Date(gone.at).toISOString()}`;
  return new NotFoundError(hash, `${why}. Do not retry this hash; re-run the command that produced the output and compress it again.`);
}

function checkHash(hash: string): void {
  if (!isId(hash)) {
    throw new InputError('bad_hash', 'hash must be hr_ followed by 16 hex digits, exactly as in the headroom footer (e.g. hr_3f9a1c2b7d4e8f01).');
  }
}

function page(meta: OriginalMeta, content: string, request: RetrieveRequest): RetrieveAnswer {
  const starts = lineStarts(content);
  const totalLines = starts.length - 1;
  const first = request.offset ?? 1;
  if (totalLines > 0 && first > totalLines) {
    throw new InputError('bad_offset', `offset ${first} is past the end: ${meta.id} has ${formatCount(totalLines)} lines.`);
  }
  const column = (request.charOffset ?? 1) - 1;
  const lineLength = (starts[first] ?? content.length) - (starts[first - 1] ?? 0);
  if (column > 0 && column >= lineLength) {
    throw new InputError('bad_offset', `char_offset ${column + 1} is past the end of line ${first} (${formatCount(lineLength)} chars).`);
  }
  const wanted = Math.min(totalLines, first - 1 + (request.limit ?? totalLines));
  const cut = cutPage(content, starts, { line: first, column }, wanted, { tokens: request.pageTokens ?? DEFAULT_PAGE_TOKENS, ...(request.pageBytes === undefined ? {} : { bytes: request.pageBytes }) });
  const slice = content.slice(cut.start, cut.end);
  const whole = cut.start === 0 && cut.end === content.length;
  const structured: RetrieveStructured = {
    mode: whole ? 'original' : 'page',
    hash: meta.id,
    total_lines: totalLines,
    first_line: first,
    last_line: cut.lastLine,
    expires_at: new Date(meta.expiresAt).toISOString(),
  };
  if (whole) return { blocks: [slice], structured };
  const partial = [
    column > 0 ? `, line ${formatCount(first)} from char ${formatCount(column + 1)}` : '',
    cut.next !== undefined && cut.next.column > 0 ? `, line ${formatCount(cut.next.line)} up to char ${formatCount(cut.next.column)}` : '',
  ].join('');
  const notes = [`[headroom: lines ${formatCount(first)}-${formatCount(cut.lastLine)}${partial} of ${formatCount(totalLines)} of ${meta.id}`];
  if (cut.next !== undefined) {
    structured.next_offset = cut.next.line;
    if (cut.next.column > 0) structured.next_char_offset = cut.next.column + 1;
    const at = cut.next.column > 0 ? ` char_offset=${cut.next.column + 1}` : '';
    const limit = request.limit === undefined ? '' : ` limit=${wanted - cut.next.line + 1}`;
    notes.push(`next page: headroom_retrieve hash=${meta.id} offset=${cut.next.line}${at}${limit}`);
  } else if (cut.lastLine < totalLines) {
    notes.push(`the rest: headroom_retrieve hash=${meta.id} offset=${cut.lastLine + 1}`);
  }
  return { blocks: [slice, `${notes.join('; ')}]`], structured };
}

const MODE_LABEL: Record<MatchMode, string> = {
  bm25: 'BM25',
  fuzzy: 'no exact term matched; fuzzy and prefix matches',
  substring: 'no word matched; substring matches',
  none: 'no match',
};

function structuredHits(answer: OriginalAnswer): RetrieveMatch[] {
  return answer.hits.map((hit) => ({ hash: hit.hash, location: hit.location, line: hit.line }));
}

async function searchOne(meta: OriginalMeta, content: string, query: string, limit: number, searcher: Searcher): Promise<RetrieveAnswer> {
  const answer = searcher.searchOne(meta, content, query, limit);
  const structured: RetrieveStructured = {
    mode: 'search',
    hash: meta.id,
    total_lines: meta.lines,
    match_mode: answer.mode,
    total_matches: answer.total,
    matches: structuredHits(answer),
    expires_at: new Date(meta.expiresAt).toISOString(),
  };
  if (answer.mode === 'none') {
    // Never "nothing" for a live original: say so, then show where to look.
    const head = page(meta, content, { limit: 20 });
    return {
      blocks: [
        `Nothing in ${meta.id} (${describe(meta)}) matches "${query}": BM25, fuzzy and substring searches all came up empty. Its first lines:`,
        head.blocks[0] ?? '',
        `[headroom: read on with headroom_retrieve hash=${meta.id} offset=21 limit=200, or search other words]`,
      ],
      structured,
    };
  }
  const view = renderHits(answer.hits, splitLines(content).lines, meta.kind, false, ANSWER_TOKENS);
  const more = answer.total - view.shown;
  return {
    blocks: [
      `${view.shown} of ${formatCount(answer.total)} matching chunks in ${meta.id} (${describe(meta)}), ${MODE_LABEL[answer.mode]}:\n${view.blocks.join('\n')}\n[headroom: ${more > 0 ? `${formatCount(more)} more matches: add words to the query, or ` : ''}for surrounding lines use headroom_retrieve hash=${meta.id} offset=<line> limit=<n>]`,
    ],
    structured,
  };
}

async function searchAll(query: string, limit: number, deps: RetrieveDeps): Promise<RetrieveAnswer> {
  const answer = await deps.searcher.searchAll(query, limit);
  const structured: RetrieveStructured = { mode: 'search_all', match_mode: answer.mode, total_matches: answer.total, matches: structuredHits(answer) };
  const notes = [
    answer.moreOriginals > 0 ? `${formatCount(answer.moreOriginals)} more originals match less well: add words to the query, or search one with hash=<id> query=<words>` : '',
    answer.unsearched > 0 ? `${formatCount(answer.unsearched)} originals were not searched (not indexed yet, or too many to scan): search again, or search one with hash=<id> query=<words>` : '',
  ].filter((note) => note !== '');
  const skipped = notes.map((note) => `\n[headroom: ${note}]`).join('');
  if (answer.mode === 'none') {
    const live = await deps.originals.list();
    const listing = live.slice(0, 10).map((meta) => `${meta.id} (${describe(meta)}, from ${meta.source})`);
    const text =
      live.length === 0
        ? `No originals are stored, so nothing matches "${query}". Compress some output first (headroom_compress or | headroom compress).`
        : `Nothing in the ${live.length} live originals matches "${query}" (BM25, fuzzy and substring). Most recent:\n${listing.join('\n')}\n[headroom: read one with headroom_retrieve hash=<id>, or search other words]`;
    return { blocks: [text + skipped], structured };
  }
  const view = renderHits(answer.hits, undefined, undefined, true, ANSWER_TOKENS);
  return {
    blocks: [
      `${view.shown} of ${formatCount(answer.total)} matching chunks across live originals, ${MODE_LABEL[answer.mode]}:\n${view.blocks.join('\n')}\n[headroom: open one with headroom_retrieve hash=<id> query=<words> or offset=<line>]${skipped}`,
    ],
    structured,
  };
}

/**
 * headroom_retrieve: the original (paged when large), a BM25 search within one original,
 * or a search across all live originals when no hash is given.
 */
export async function retrieve(request: RetrieveRequest, deps: RetrieveDeps): Promise<RetrieveAnswer> {
  for (const [name, value] of [['offset', request.offset], ['limit', request.limit], ['char_offset', request.charOffset], ['page_tokens', request.pageTokens], ['page_bytes', request.pageBytes]] as const) {
    if (value !== undefined && !(Number.isInteger(value) && value >= 1)) throw new InputError('bad_argument', `${name} must be a whole number of at least 1.`);
  }
  const query = request.query?.trim() === '' ? undefined : request.query;
  if (request.hash === undefined) {
    if (query === undefined) throw new InputError('missing_argument', 'Give a hash (from a headroom footer) to read an original, a query to search all stored originals, or both.');
    return searchAll(query, Math.min(request.limit ?? DEFAULT_HITS, MAX_HITS), deps);
  }
  checkHash(request.hash);
  const original = await deps.originals.get(request.hash);
  if (original === undefined) throw await missing(deps.originals, request.hash, deps.ttlMs);
  if (query !== undefined) return searchOne(original.meta, original.content, query, Math.min(request.limit ?? DEFAULT_HITS, MAX_HITS), deps.searcher);
  return page(original.meta, original.content, request);
}
