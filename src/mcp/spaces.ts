import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import type { Headroom } from '../headroom.js';

/** One bearer token and the name of the store it opens (`HEADROOM_TOKENS_FILE`). */
export interface Space {
  name: string;
  token: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const MIN_TOKEN_CHARS = 16;

/**
 * Reads a tokens file: one `NAME TOKEN` pair a line, `#` comments and blank lines ignored.
 * Every name and every token must be unique; a token is at least 16 characters.
 */
export function readTokensFile(file: string): Space[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError('bad_config', `HEADROOM_TOKENS_FILE ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  const spaces: Space[] = [];
  const names = new Set<string>();
  const tokens = new Set<string>();
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') return;
    const where = `${file} line ${index + 1}`;
    const [name, token, ...rest] = line.split(/\s+/);
    if (name === undefined || token === undefined || rest.length > 0) throw new InputError('bad_config', `${where}: expected "NAME TOKEN".`);
    if (!NAME.test(name)) throw new InputError('bad_config', `${where}: the name "${name}" must be letters, digits, ".", "_" or "-" (up to 64), starting with a letter or digit.`);
    if (token.length < MIN_TOKEN_CHARS) throw new InputError('bad_config', `${where}: the token for "${name}" is shorter than ${MIN_TOKEN_CHARS} characters.`);
    if (names.has(name)) throw new InputError('bad_config', `${where}: the name "${name}" appears twice.`);
    if (tokens.has(token)) throw new InputError('bad_config', `${where}: this token is already given to another name.`);
    names.add(name);
    tokens.add(token);
    spaces.push({ name, token });
  });
  if (spaces.length === 0) throw new InputError('bad_config', `HEADROOM_TOKENS_FILE ${file} names no token; add lines "NAME TOKEN".`);
  return spaces;
}

/** Each space's headroom, opened when its first session starts and closed together. */
export function createSpaceHeadrooms(open: (name: string) => Promise<Headroom>) {
  const opened = new Map<string, Promise<Headroom>>();
  return {
    get(name: string): Promise<Headroom> {
      let found = opened.get(name);
      if (found === undefined) {
        found = open(name);
        // A space that failed to open is tried again by its next session.
        found.catch(() => opened.delete(name));
        opened.set(name, found);
      }
      return found;
    },
    async close(): Promise<void> {
      const all = await Promise.allSettled(opened.values());
      for (const result of all) if (result.status === 'fulfilled') await result.value.close().catch(() => {});
    },
  };
}
