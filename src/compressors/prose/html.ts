/**
 * HTML to its readable text, as Markdown: headings, paragraphs, lists, tables, code and
 * links survive; scripts, styles, navigation chrome and markup do not.
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', mdash: '—', ndash: '–', hellip: '…', copy: '©', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function inline(html: string): string {
  return decodeEntities(
    html
      .replace(/<a\b[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, (_, href: string, text: string) => {
        const label = text.replace(/<[^>]+>/g, '').trim();
        return href.startsWith('#') || href === label || label === '' ? label : `[${label}](${href})`;
      })
      .replace(/<(?:code|kbd|samp)\b[^>]*>([\s\S]*?)<\/(?:code|kbd|samp)>/gi, (_, code: string) => `\`${code.replace(/<[^>]+>/g, '')}\``)
      .replace(/<(?:strong|b)\b[^>]*>([\s\S]*?)<\/(?:strong|b)>/gi, '**$1**')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<[^>]+>/g, ''),
  )
    .replace(/[ \t\r\n]+/g, ' ')
    .trim();
}

export function htmlToText(html: string): string {
  let body = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style|noscript|svg|head|nav|footer|template)\b[\s\S]*?<\/\1>/gi, '');
  const blocks: string[] = [];
  // Pre blocks first, kept verbatim and fenced, so nothing below reflows them.
  body = body.replace(/<pre\b[^>]*>([\s\S]*?)<\/pre>/gi, (_, code: string) => {
    blocks.push(`\`\`\`\n${decodeEntities(code.replace(/<[^>]+>/g, '')).replace(/\n$/, '')}\n\`\`\``);
    return `\n\u0000${blocks.length - 1}\u0000\n`;
  });
  body = body.replace(/<table\b[^>]*>([\s\S]*?)<\/table>/gi, (_, table: string) => {
    const rows = [...table.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/gi)].map((row) => [...(row[1] ?? '').matchAll(/<t[hd]\b[^>]*>([\s\S]*?)<\/t[hd]>/gi)].map((cell) => inline(cell[1] ?? '').replace(/\|/g, '\\|')));
    if (rows.length === 0) return '';
    const width = Math.max(...rows.map((row) => row.length));
    const lines = rows.map((row) => `| ${[...row, ...Array.from({ length: width - row.length }, () => '')].join(' | ')} |`);
    lines.splice(1, 0, `|${' --- |'.repeat(width)}`);
    blocks.push(lines.join('\n'));
    return `\n\u0000${blocks.length - 1}\u0000\n`;
  });
  const out: string[] = [];
  const pattern = /<(h[1-6]|p|li|dt|dd|blockquote|div|section|article|main|ul|ol|dl)\b[^>]*>([\s\S]*?)(?=<\/?(?:h[1-6]|p|li|dt|dd|blockquote|div|section|article|main|ul|ol|dl)\b|$)|\u0000(\d+)\u0000/gi;
  for (const match of body.matchAll(pattern)) {
    if (match[3] !== undefined) {
      out.push(blocks[Number(match[3])] ?? '');
      continue;
    }
    const tag = (match[1] ?? '').toLowerCase();
    const text = inline(match[2] ?? '');
    if (text === '') continue;
    if (/^h[1-6]$/.test(tag)) out.push(`${'#'.repeat(Number(tag[1]))} ${text}`);
    else if (tag === 'li' || tag === 'dt') out.push(`- ${text}`);
    else if (tag === 'dd') out.push(`  ${text}`);
    else if (tag === 'blockquote') out.push(`> ${text}`);
    else out.push(text);
  }
  // A table or code block inside a wrapper (`<div class="table-wrapper">`) came through as
  // part of the wrapper's text: put it back in its place, as a block of its own.
  return out
    .flatMap((text) => text.split(/\u0000(\d+)\u0000/).map((part, at) => (at % 2 === 1 ? (blocks[Number(part)] ?? '') : part.trim())))
    .filter((text) => text !== '')
    .join('\n\n');
}
