import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../contract';
import { databaseFileName } from '../store/database';

/**
 * The console's own state in the data dir: its database (with SQLite's side files) and the folders
 * of keys, the vault, the evidence register, quarantined files, imported bundles and the browser
 * profile. An export written over one of them would destroy the console's records or keys.
 */
const databaseFiles = [databaseFileName, `${databaseFileName}-wal`, `${databaseFileName}-shm`, `${databaseFileName}-journal`];
export const internalFolders = ['keys', 'vault', 'evidence', 'quarantine', 'imports', 'browser-profile'];

function realOrResolved(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

/** The path with its folder's symlinks resolved (and the file's own, when it exists). */
function realTarget(file: string): string {
  const resolved = path.resolve(file);
  if (fs.existsSync(resolved)) return realOrResolved(resolved);
  return path.join(realOrResolved(path.dirname(resolved)), path.basename(resolved));
}

/** AppError('invalid-input') when an export would be written over the console's database or inside its internal folders. */
export function assertNotConsoleFile(dataDir: string, file: string, what: string): void {
  const target = realTarget(file);
  const home = realOrResolved(dataDir);
  const relative = path.relative(home, target);
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return;
  // Case-insensitive: on macOS and Windows FIREBREAK.SQLITE is the same file.
  const parts = relative.split(path.sep).map((part) => part.toLowerCase());
  if (parts.length === 1 && databaseFiles.includes(parts[0]!)) {
    throw new AppError('invalid-input', `${target} is the console's own database: write the ${what} to another file (the data dir's exports folder, or outside ${home})`);
  }
  if (parts.length > 1 && internalFolders.includes(parts[0]!)) {
    throw new AppError('invalid-input', `${target} is inside the console's own ${parts[0]} folder: write the ${what} elsewhere (the data dir's exports folder, or outside ${home})`);
  }
}
