#!/usr/bin/env node
// Installs the pinned agent CLIs (test/clients/package.json) when they are missing or are
// not the pinned versions; they are ~400 MB each, so they stay out of the main install.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = dirname(fileURLToPath(import.meta.url));
const pinned = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).dependencies;

function installedVersion(name) {
  const manifest = join(dir, 'node_modules', name, 'package.json');
  return existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')).version : undefined;
}

const stale = Object.entries(pinned).filter(([name, version]) => installedVersion(name) !== version);
// Claude Code's postinstall links its native binary; without it the package is not usable.
const claudeBinary = join(dir, 'node_modules', '@anthropic-ai', 'claude-code', 'bin', 'claude.exe');
if (stale.length > 0 || !existsSync(claudeBinary)) {
  console.error(`[test:clients] installing the pinned CLIs (${Object.entries(pinned).map(([name, version]) => `${name}@${version}`).join(', ')})`);
  execFileSync('npm', ['ci', '--prefix', dir, '--no-audit', '--no-fund'], { stdio: 'inherit' });
}
