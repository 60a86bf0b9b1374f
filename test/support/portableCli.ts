import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './consoleServer';

/** What the built CLI needs at run time: its bundles, its data files and the native SQLite module. */
const runtimeParts = ['package.json', 'bin', 'dist/main', 'resources', 'node_modules/better-sqlite3', 'node_modules/bindings', 'node_modules/file-uri-to-path'];

/**
 * A copy of the built CLI that any local user can run. A checkout under a private folder (/root, a
 * `mktemp -d` folder) is unreachable for other users, so a test that runs the CLI as `nobody`
 * runs this copy instead. Returns the copy's `bin/firebreak.js`; remove `root` afterwards.
 */
export function copyCliForAnyUser(): { root: string; cliPath: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-cli-'));
  for (const part of runtimeParts) {
    const source = path.join(repoRoot, part);
    if (!fs.existsSync(source)) continue;
    fs.cpSync(source, path.join(root, part), { recursive: true, dereference: true, filter: (from) => !from.includes(`${path.sep}.cache`) });
  }
  openToEveryone(root);
  return { root, cliPath: path.join(root, 'bin', 'firebreak.js') };
}

function openToEveryone(dir: string): void {
  fs.chmodSync(dir, 0o755);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) openToEveryone(full);
    else fs.chmodSync(full, fs.statSync(full).mode | 0o444);
  }
}
