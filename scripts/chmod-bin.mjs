// npm links `bin` entries itself on install, but a plain `npm run build` in a clone
// leaves the entry non-executable; tests spawn it directly, so make it executable here.
import { chmodSync } from 'node:fs';

chmodSync(new URL('../dist/src/cli/main.js', import.meta.url), 0o755);
