import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { AppError } from '../contract';
import { latestSchemaVersion, migrations, type Migration } from './migrations';

export const databaseFileName = 'firebreak.sqlite';

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
    db = new BetterSqlite3(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
  } catch (error) {
    throw new AppError('io-error', `cannot open the database ${file}: ${(error as Error).message}`);
  }
  try {
    migrate(db, options.migrations ?? migrations);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: Database, list: readonly Migration[]): void {
  const current = schemaVersion(db);
  const latest = list.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new AppError(
      'conflict',
      `the database ${db.name} has schema version ${current}, written by a newer Firebreak; ` +
        `this version understands up to ${latest}. Update Firebreak, or point FIREBREAK_DATA_DIR at another directory.`,
    );
  }
  for (const migration of list) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}

export { latestSchemaVersion };
