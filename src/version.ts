import { readFileSync } from 'node:fs';

// dist/src/version.js -> package.json at the package root.
const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export const VERSION = manifest.version;
