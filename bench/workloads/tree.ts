import type { Random } from '../random.js';
import { NOUNS, VERBS } from './vocabulary.js';

/** A directory listing as a file-tree tool returns it: nested entries with sizes. */
export interface TreeEntry {
  name: string;
  type: 'file' | 'dir';
  size?: number;
  modified?: string;
  children?: TreeEntry[];
}

const FILE_EXTENSIONS = ['.ts', '.ts', '.test.ts', '.json', '.md', '.js', '.css'];

/** A folder of about `width` entries, `dirs` of them folders, nested `depth` levels. */
export function directoryTree(random: Random, name: string, depth: number, width: number, dirs: number): TreeEntry {
  const children: TreeEntry[] = [];
  const used = new Set<string>();
  for (let index = 0; index < width; index++) {
    const isDir = depth > 1 && index < dirs;
    let entryName: string;
    do {
      entryName = isDir ? `${random.pick(NOUNS)}s` : `${random.pick(VERBS)}-${random.pick(NOUNS)}${random.pick(FILE_EXTENSIONS)}`;
    } while (used.has(entryName) && used.size < 200);
    used.add(entryName);
    children.push(
      isDir
        ? directoryTree(random, entryName, depth - 1, width, dirs)
        : { name: entryName, type: 'file', size: random.int(120, 24_000), modified: `2026-${String(random.int(1, 11)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}` },
    );
  }
  return { name, type: 'dir', children };
}
