/** Languages the code compressor reads, with the grammar each uses and how it is written. */
export const LANGUAGES = {
  typescript: { grammar: 'typescript', extensions: ['.ts', '.mts', '.cts'], body: 'braces' },
  tsx: { grammar: 'tsx', extensions: ['.tsx'], body: 'braces' },
  javascript: { grammar: 'javascript', extensions: ['.js', '.mjs', '.cjs', '.jsx'], body: 'braces' },
  python: { grammar: 'python', extensions: ['.py', '.pyi'], body: 'indent' },
  go: { grammar: 'go', extensions: ['.go'], body: 'braces' },
  rust: { grammar: 'rust', extensions: ['.rs'], body: 'braces' },
  java: { grammar: 'java', extensions: ['.java'], body: 'braces' },
  // tree-sitter's C++ grammar reads C too; the registry package ships no separate C grammar.
  c: { grammar: 'cpp', extensions: ['.c', '.h'], body: 'braces' },
  cpp: { grammar: 'cpp', extensions: ['.cc', '.cpp', '.cxx', '.hpp', '.hh', '.hxx'], body: 'braces' },
  csharp: { grammar: 'c-sharp', extensions: ['.cs'], body: 'braces' },
  ruby: { grammar: 'ruby', extensions: ['.rb'], body: 'end' },
  php: { grammar: 'php', extensions: ['.php'], body: 'braces' },
  bash: { grammar: 'bash', extensions: ['.sh', '.bash'], body: 'shell' },
} as const;

export type LanguageId = keyof typeof LANGUAGES;
export const LANGUAGE_IDS = Object.keys(LANGUAGES) as LanguageId[];

/** How an elided body is written so the view still parses. */
export type BodyStyle = (typeof LANGUAGES)[LanguageId]['body'];

const ALIASES: Record<string, LanguageId> = { ts: 'typescript', js: 'javascript', py: 'python', golang: 'go', rs: 'rust', 'c++': 'cpp', cs: 'csharp', 'c#': 'csharp', rb: 'ruby', sh: 'bash', shell: 'bash', jsx: 'javascript' };

export function isLanguageId(value: string): value is LanguageId {
  return Object.hasOwn(LANGUAGES, value);
}

/** A language name as a caller may write it (`ts`, `C++`, `golang`), or undefined. */
export function languageNamed(name: string): LanguageId | undefined {
  const key = name.trim().toLowerCase();
  return isLanguageId(key) ? key : ALIASES[key];
}

export function languageOfPath(path: string): LanguageId | undefined {
  const lower = path.toLowerCase();
  return LANGUAGE_IDS.find((id) => LANGUAGES[id].extensions.some((extension) => lower.endsWith(extension)));
}

// Telltales, strongest first; the first language with enough hits in the sample wins.
const SIGNS: ReadonlyArray<readonly [LanguageId, RegExp]> = [
  ['go', /^package \w+$|^func (?:\(\w+ \*?\w+\) )?\w+\(|:= /m],
  ['rust', /^\s*(?:pub(?:\(crate\))? )?(?:fn|impl|struct|enum|trait|mod|use) [\w:<]|\blet mut\b|->\s*Result</m],
  ['python', /^\s*(?:def|class) \w+.*:\s*$|^(?:from [\w.]+ )?import [\w.]+(?: as \w+)?$|^\s*elif\b|\bself\.\w+/m],
  ['java', /^\s*(?:public|private|protected)\s+(?:static\s+|final\s+|abstract\s+)*(?:class|interface|enum|[\w<>[\]]+\s+\w+\s*\()|^import [\w.]+;$|^package [\w.]+;$/m],
  ['csharp', /^\s*using System[\w.]*;|^\s*namespace [\w.]+\s*[{;]?$|\{\s*get;\s*(?:set;)?\s*\}/m],
  ['cpp', /^\s*#include\s*[<"]|\bstd::|\btemplate\s*<|^\s*(?:class|struct|namespace) \w+[^;]*\{?\s*$/m],
  ['php', /^<\?php|\$this->|\bfunction \w+\(.*\$\w+/m],
  ['ruby', /^\s*(?:def|module|class) [\w:]+|^\s*end$|\bputs\b|\brequire ['"]/m],
  ['bash', /^#!\/(?:usr\/)?bin\/(?:env )?(?:ba)?sh|^\s*(?:if|while) \[\[? |\bfi$|\besac$/m],
  ['typescript', /^\s*(?:export )?(?:interface|type|enum) \w+|:\s*(?:string|number|boolean|void|unknown|Promise<)\b|\bas const\b|\bimplements\b/m],
  ['javascript', /^\s*(?:import .* from |export (?:default |const |function )|const \w+ = require\()|\bfunction\b|=>/m],
];

/** The language of a source text from its own telltales, or undefined. */
export function guessLanguage(text: string): LanguageId | undefined {
  const sample = text.slice(0, 20_000);
  return SIGNS.find(([, sign]) => sign.test(sample))?.[0];
}
