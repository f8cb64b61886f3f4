import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { ToolBackend } from '../src/mcp/backend.js';
import { JSON_FORMATS } from '../src/compressors/types.js';
import { CONTENT_TYPE_OPTIONS } from '../src/kinds.js';
import { PROGRESS_STAGES, type ProgressStage } from '../src/progress.js';
import type { ClientLimits } from '../src/mcp/client-limits.js';
import { errorResult } from '../src/mcp/tool-result.js';
import { META_KEY } from './result-meta.js';
import { compressFields } from '../src/compress-fields.js';

export const MAX_QUERY_CHARS = 2000;

const inputSchema = {
  path: z.string().optional().describe('File to compress (preferred: its text never enters your context).'),
  content: z.string().optional().describe('Text to compress, if it is not in a file.'),
  query: z.string().max(MAX_QUERY_CHARS).optional().describe('What you are looking for; matching lines are kept verbatim.'),
  content_type: z.enum(CONTENT_TYPE_OPTIONS).optional().describe('Force the kind; default auto.'),
  max_tokens: z.number().int().min(1).optional().describe('Target view size in tokens.'),
  lossless: z.boolean().optional().describe('Only fold exact repeats; drop nothing.'),
  format: z.enum(JSON_FORMATS).optional().describe('JSON views: table, json (valid JSON) or auto.'),
  language: z.string().max(40).optional().describe('Source language, e.g. typescript, python, go.'),
};

/** Supplies the client's MCP roots (as paths) at call time. */
export type RootsProvider = () => Promise<readonly string[]>;

export function registerCompressTool(server: McpServer, headroom: ToolBackend, roots: RootsProvider, limits: () => ClientLimits): void {
  server.registerTool(
    'headroom_compress',
    {
      description:
        'Compress large text (logs, test/build output, grep hits, JSON, diffs, listings) before reading it. Prefer `path` to a saved output file. The original is kept: anything omitted can be fetched with headroom_retrieve.',
      inputSchema,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async (args, extra) => {
      // With a progress token, each stage (read, stored, compressed) is reported as it ends.
      const progressToken = extra._meta?.progressToken;
      const onProgress = (stage: ProgressStage) => {
        if (progressToken === undefined) return;
        const progress = PROGRESS_STAGES.indexOf(stage) + 1;
        void extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress, total: PROGRESS_STAGES.length, message: stage } }).catch(() => {});
      };
      const { viewTokens: cap, ceiling } = limits();
      try {
        const result = await headroom.compress(
          {
            ...(args.content === undefined ? {} : { content: args.content }),
            ...(args.path === undefined ? {} : { path: args.path }),
            ...(args.query === undefined ? {} : { query: args.query }),
            ...(args.content_type === undefined ? {} : { contentType: args.content_type }),
            ...(args.max_tokens === undefined ? {} : { maxTokens: args.max_tokens }),
            ...(cap === undefined ? {} : { budgetCap: cap }),
            ceiling,
            ...(args.lossless === undefined ? {} : { lossless: args.lossless }),
            ...(args.format === undefined ? {} : { jsonFormat: args.format }),
            ...(args.language === undefined ? {} : { language: args.language }),
            source: args.path === undefined ? 'mcp' : 'mcp:path',
            onProgress,
            // notifications/cancelled from the client stops the work, not just the answer.
            signal: extra.signal,
          },
          args.path === undefined ? [] : await roots(),
        );
        return { content: [{ type: 'text', text: result.text }], _meta: { [META_KEY]: compressFields(result) } };
      } catch (error) {
        return errorResult(error);
      }
    },
  );
}
