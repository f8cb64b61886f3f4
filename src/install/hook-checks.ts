import { existsSync, readFileSync } from 'node:fs';
import { parse } from '@decimalturn/toml-patch';
import type { Check } from './client-checks.js';
import { isObject, type JsonObject } from './json-config.js';
import { codexTrustHash, codexTrustKey, isOurHook } from './hooks-config.js';
import { CLIENTS, type Places, resolveCommand, SCOPES, targetFor } from './targets.js';


function readJson(file: string): JsonObject | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Our hook commands in a hook file, with where each sits (event, group, handler). */
function ourHooks(config: JsonObject): Array<{ event: string; group: number; handler: number; command: string }> {
  const found: Array<{ event: string; group: number; handler: number; command: string }> = [];
  const hooks = isObject(config.hooks) ? config.hooks : {};
  for (const [event, list] of Object.entries(hooks)) {
    if (!Array.isArray(list)) continue;
    list.forEach((group, index) => {
      if (!isObject(group)) return;
      // Cursor's entries hold the command themselves; Claude's and Codex's groups hold handlers.
      const handlers = Array.isArray(group.hooks) ? group.hooks : [group];
      handlers.forEach((handler, at) => {
        if (isObject(handler) && isOurHook(handler.command)) found.push({ event, group: index, handler: at, command: String(handler.command) });
      });
    });
  }
  return found;
}

/** The programs a hook command runs (past `VAR=value` prefixes): node and our bin, or `headroom`. */
function programsOf(command: string): string[] {
  const words = [...command.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((match) => (match[1] ?? match[2] ?? '').replaceAll("'\\''", "'"));
  const start = words.findIndex((word) => !/^\w+=/.test(word));
  return words.slice(start, words.indexOf('hook')).filter((word) => word !== '');
}

/** For every hook file install writes: whether our hook there would run. A file without one is fine. */
export function hookChecks(places: Places): Check[] {
  const checks: Check[] = [];
  for (const client of CLIENTS) {
    for (const scope of SCOPES) {
      const file = targetFor(client, scope, places).hooks;
      if (file === undefined || !existsSync(file)) continue;
      const config = readJson(file);
      const where = `${client} hooks (${scope})`;
      if (config === undefined) {
        checks.push({ ok: false, what: `${where}: ${file} is not a JSON object, so ${client} reads no hooks from it`, fix: 'fix the file or move it aside' });
        continue;
      }
      const hooks = ourHooks(config);
      if (hooks.length === 0) continue;
      const fix = `run: headroom install ${client} --scope ${scope}`;
      const [first] = hooks;
      const missing = programsOf(first?.command ?? '').find((program, index) => (index === 0 ? resolveCommand(program, places) === undefined : program.endsWith('.js') && !existsSync(program)));
      if (missing !== undefined) {
        checks.push({ ok: false, what: `${where}: the hook in ${file} runs ${missing}, which is not there`, fix });
        continue;
      }
      if (client === 'codex' && first !== undefined) {
        let trusted: unknown;
        try {
          const toml = parse(readFileSync(targetFor('codex', 'user', places).config?.file ?? '', 'utf8')) as JsonObject;
          const state = isObject(toml.hooks) && isObject(toml.hooks.state) ? toml.hooks.state : {};
          const entry = state[codexTrustKey(file, first)];
          trusted = isObject(entry) ? entry.trusted_hash : undefined;
        } catch {
          trusted = undefined;
        }
        if (trusted !== codexTrustHash(first.command)) {
          checks.push({ ok: false, what: `${where}: Codex does not trust the hook in ${file}, so it skips it without a word`, fix: `${fix} (or review it with /hooks in codex)` });
          continue;
        }
      }
      checks.push({ ok: true, what: `${where}: ${file} runs headroom on ${hooks.map((hook) => hook.event).join(' and ')}` });
    }
  }
  return checks;
}
