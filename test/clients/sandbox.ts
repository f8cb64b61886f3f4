import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Throwaway directories for one CLI run: nothing is shared with the machine's real homes. */
export interface Sandbox {
  root: string;
  home: string;
  headroomHome: string;
  codexHome: string;
  cwd: string;
  remove(): void;
}

export function createSandbox(label: string): Sandbox {
  const root = mkdtempSync(join(tmpdir(), `headroom-clients-${label}-`));
  const dirs = { home: join(root, 'home'), headroomHome: join(root, 'headroom'), codexHome: join(root, 'codex'), cwd: join(root, 'work') };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  return { root, ...dirs, remove: () => rmSync(root, { recursive: true, force: true }) };
}
