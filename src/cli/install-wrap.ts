import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { resolveConfig } from '../config.js';
import { InputError } from '../errors.js';
import { applyPlan } from '../install/apply.js';
import { describePlan } from '../install/install.js';
import { CLIENTS, type ClientName, placesFrom, type Scope } from '../install/targets.js';
import { asInstallPlan, BACKUP_SUFFIX, planWrap, type ServerChoice } from '../install/wrap.js';
import { RECORD_FILE } from '../install/wrap-record.js';

export interface WrapOptions {
  scope: Scope;
  unwrap: boolean;
  dryRun: boolean;
}

const isClient = (word: string): word is ClientName => (CLIENTS as readonly string[]).includes(word);

/**
 * The words after `install --wrap`: a client name (or all) picks clients, as it does for
 * install; any other word is a server's name. A server named like a client is written with
 * its client in front, `claude/codex`, which also limits a name to that client.
 */
export function wrapChoices(words: readonly string[]): { clients: ClientName[]; servers: ServerChoice[] } {
  const clients = new Set<ClientName>();
  const servers: ServerChoice[] = [];
  let all = false;
  for (const word of words) {
    const slash = word.indexOf('/');
    const prefix = word.slice(0, slash);
    if (word === 'all') all = true;
    else if (isClient(word)) clients.add(word);
    else if (slash > 0 && isClient(prefix) && word.length > slash + 1) servers.push({ client: prefix, name: word.slice(slash + 1) });
    else servers.push({ client: undefined, name: word });
  }
  // No client named: every client's config is read (one that is not there has nothing to wrap).
  const unqualified = servers.some((choice) => choice.client === undefined);
  const picked = all || (clients.size === 0 && (servers.length === 0 || unqualified)) ? [...CLIENTS] : [...new Set([...clients, ...servers.flatMap((choice) => (choice.client === undefined ? [] : [choice.client]))])];
  return { clients: picked, servers };
}

/** `headroom install --wrap [NAME...]` and `headroom install --unwrap [NAME...]`; returns the exit code. */
export function installWrap(words: readonly string[], options: WrapOptions, print: (text: string) => void): number {
  const { clients, servers } = wrapChoices(words);
  const places = placesFrom(process.env, homedir(), process.cwd());
  const config = resolveConfig(process.env, {});
  const plan = planWrap({ clients, servers, scope: options.scope, unwrap: options.unwrap, home: config.home, defaultHome: resolve(join(homedir(), '.headroom')), places });
  const verb = options.unwrap ? 'Unwrapped' : 'Wrapped';
  if (options.dryRun) {
    const keeping = plan.changes.length === 0 ? [] : [`would keep each file's old text beside it as FILE${BACKUP_SUFFIX}${options.unwrap ? '' : `, and the entries as they were in ${join(config.home, RECORD_FILE)} for --unwrap`}`];
    print(describePlan({ ...asInstallPlan({ ...plan, record: undefined, backups: [] }, places.cwd), notes: [...plan.notes, ...keeping] }));
    return 0;
  }
  const done = applyPlan(asInstallPlan(plan, places.cwd));
  for (const note of plan.notes) process.stderr.write(`headroom: ${note}\n`);
  if (plan.servers.length === 0) {
    print(`Nothing to change: no chosen server ${options.unwrap ? 'is wrapped' : 'needs wrapping'} in ${clients.join(', ')}.`);
    return 0;
  }
  const byClient = clients.flatMap((client) => {
    const names = plan.servers.filter((server) => server.client === client).map((server) => server.name);
    return names.length === 0 ? [] : [`${names.join(', ')} in ${client}`];
  });
  const files = done.filter((line) => plan.changes.some((change) => line.endsWith(change.file)));
  print(`${verb} ${byClient.join('; ')}: ${files.join(', ')} (the old text of each is beside it as FILE${BACKUP_SUFFIX}). Restart the client to pick it up.`);
  return 0;
}

/** The combinations of install's options that --wrap and --unwrap refuse, as the message to show. */
export function wrapUsageError(values: { wrap?: boolean | undefined; unwrap?: boolean | undefined; uninstall?: boolean | undefined }): InputError | undefined {
  if (values.wrap && values.unwrap) return new InputError('bad_usage', '--unwrap works on its own: run "headroom install --unwrap [NAME...]" (without --wrap).');
  if (values.uninstall) return new InputError('bad_usage', `--uninstall takes headroom itself out; to put wrapped servers back as they were, run "headroom install --unwrap [NAME...]".`);
  return undefined;
}
