import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { AppError } from '../contract';
import { ensureReadIndexes, latestSchemaVersion, migrations, type Migration } from './migrations';
import { databaseFileName } from './databaseFile';
import { busyConflict, isBusyError } from './sqliteErrors';
import { writeTransaction } from './transaction';

export { databaseFileName } from './databaseFile';
/** How long a writer waits for another process's write lock before the call fails with `conflict`. */
export const busyTimeoutMs = 5000;

let driver: typeof BetterSqlite3 | undefined;

/** The SQLite driver, loaded on the first open: a command that stores nothing (a scan without an incident) never loads it. */
function sqliteDriver(): typeof BetterSqlite3 {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy require keeps it out of start-up; the bundle leaves it external
  return (driver ??= require('better-sqlite3') as typeof BetterSqlite3);
}

/**
 * Opens (creating if needed) the console's database in `dataDir` and brings its schema up to date.
 * WAL with synchronous=FULL: a call that returned ok survives a killed process or a power cut.
 */
export function openDatabase(dataDir: string, options: { migrations?: readonly Migration[] } = {}): Database {
  try {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new AppError('io-error', `cannot create the data directory ${dataDir}: ${(error as Error).message}`);
  }
  const file = path.join(dataDir, databaseFileName);
  let db: Database;
  try {
    db = new (sqliteDriver())(file, { timeout: busyTimeoutMs });
    // The busy timeout first: switching a new file to WAL takes a lock another first run may hold.
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
  } catch (error) {
    if (isBusyError(error)) throw busyConflict(busyTimeoutMs);
    throw new AppError('io-error', `cannot open the database ${file}: ${(error as Error).message}`);
  }
  try {
    migrate(db, options.migrations ?? migrations);
    if (!options.migrations) ensureReadIndexes(db);
  } catch (error) {
    db.close();
    throw isBusyError(error) ? busyConflict(busyTimeoutMs) : error;
  }
  return db;
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the schema to the latest version, one migration per immediate transaction. The version
 * is read again once the write lock is held, so two processes opening a new data directory at
 * once never both run the same migration: the second waits, then finds the work done.
 */
export function migrate(db: Database, list: readonly Migration[]): void {
  const latest = list.at(-1)?.version ?? 0;
  if (schemaVersion(db) === latest) return;
  for (;;) {
    const done = writeTransaction(db, () => {
      const current = schemaVersion(db);
      if (current > latest) {
        throw new AppError(
          'conflict',
          `the database ${db.name} has schema version ${current}, written by a newer Firebreak; ` +
            `this version understands up to ${latest}. Update Firebreak, or point FIREBREAK_DATA_DIR at another directory.`,
        );
      }
      const next = list.find((migration) => migration.version > current);
      if (!next) return true;
      next.up(db);
      db.pragma(`user_version = ${next.version}`);
      return false;
    });
    if (done) return;
  }
}

export { latestSchemaVersion };
