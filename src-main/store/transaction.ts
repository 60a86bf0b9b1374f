import type { Database } from 'better-sqlite3';

/**
 * Runs `fn` in one `BEGIN IMMEDIATE` transaction: the write lock is taken before the first read,
 * so SQLite's busy timeout applies. A deferred transaction that reads and then writes fails at
 * once with SQLITE_BUSY(_SNAPSHOT) when another process wrote in between, whatever the timeout.
 * Nested calls become savepoints of the outer transaction.
 */
export function writeTransaction<T>(db: Database, fn: () => T): T {
  return db.transaction(fn).immediate();
}

/**
 * Runs `fn` in a deferred transaction for reads only: one snapshot, so rows read one after the
 * other (events, then the tables they describe) come from the same moment while others write.
 */
export function readTransaction<T>(db: Database, fn: () => T): T {
  return db.transaction(fn).deferred();
}
