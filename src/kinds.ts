/** Every kind of content the pipeline knows; `auto` asks detection to choose. */
export const CONTENT_KINDS = [
  'json',
  'log',
  'test',
  'build',
  'search',
  'diff',
  'code',
  'markdown',
  'text',
  'html',
  'table',
  'listing',
  'plan',
  'records',
  'reference',
  'mixed',
] as const;

export type ContentKind = (typeof CONTENT_KINDS)[number];

export const CONTENT_TYPE_OPTIONS = ['auto', ...CONTENT_KINDS] as const;

export type ContentTypeOption = (typeof CONTENT_TYPE_OPTIONS)[number];

export function isContentKind(value: string): value is ContentKind {
  return (CONTENT_KINDS as readonly string[]).includes(value);
}
