/** Reading headroom's own notes out of what the model received, as a model would. */

const HASH = /headroom_retrieve hash=(hr_[0-9a-f]{16})/;
const NEXT_PAGE = /next page: headroom_retrieve hash=(hr_[0-9a-f]{16}) offset=(\d+)(?: char_offset=(\d+))?/;
// The note after a page: `[headroom: lines 1-900 of 2,400 of hr_…; next page: …]`.
const PAGE_NOTE = /\n?\[headroom: lines [^\]]*\]\s*$/;

/** The hash a view's footer names, e.g. `[headroom: … headroom_retrieve hash=hr_…]`. */
export function footerHash(text: string): string | undefined {
  return HASH.exec(text)?.[1];
}

/** The retrieve arguments a page note says to use next; undefined on the last page. */
export function nextPage(text: string): { hash: string; offset: number; char_offset?: number } | undefined {
  const match = NEXT_PAGE.exec(text);
  if (match === null) return undefined;
  const [, hash = '', offset = '', charOffset] = match;
  return { hash, offset: Number(offset), ...(charOffset === undefined ? {} : { char_offset: Number(charOffset) }) };
}

/** A page's text as the tool produced it, without the trailing `[headroom: lines …]` note. */
export function pageBody(parts: readonly string[]): string {
  const last = parts.at(-1);
  // The note comes as its own text block; a client that joins blocks leaves it on the end.
  if (last !== undefined && /^\[headroom: lines /.test(last)) return parts.slice(0, -1).join('');
  return parts.join('').replace(PAGE_NOTE, '');
}
