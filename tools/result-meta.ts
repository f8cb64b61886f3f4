/**
 * Tool results carry no `structuredContent`: Claude Code and Codex hand the model only the
 * JSON of `structuredContent` when it is there and drop the text, so the view would never
 * arrive. What programs want (hash, token counts, paging) rides in `_meta` under this key,
 * which neither client shows the model.
 */
export const META_KEY = 'headroom';
