import { existsSync, readFileSync } from 'node:fs';

// The package root is one level up from src/ and two from dist/src/; take the nearest.
const manifestUrl = [new URL('../package.json', import.meta.url), new URL('../../package.json', import.meta.url)].find((url) => existsSync(url));
const manifest = manifestUrl === undefined ? {} : (JSON.parse(readFileSync(manifestUrl, 'utf8')) as { version?: string });

export const VERSION = manifest.version ?? '0.0.0';
