/**
 * Line templates: the line with its variable parts (timestamps, ids, hex, numbers) masked,
 * so lines that differ only in those parts compare equal.
 */
const MASKS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?/g, '<ts>'],
  [/\b\d{2}:\d{2}:\d{2}(?:[.,]\d+)?\b/g, '<ts>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,}\b/gi, '<hex>'],
  [/\d+(?:\.\d+)*/g, '<n>'],
];

export function lineTemplate(line: string): string {
  let template = line;
  for (const [pattern, mask] of MASKS) template = template.replace(pattern, mask);
  return template;
}
