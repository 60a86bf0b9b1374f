import type { Migration } from './migrations';

/**
 * The due-time index learns a fourth kind: a regulatory clock's reminder (`clock`, keyed
 * `name:stage`). SQLite cannot widen a CHECK in place, and the index is derived data, so it is
 * made again and every open incident recomputed at the next check; the triggers that mark
 * incidents stale live on other tables and name it by name, so they carry on.
 */
export const clockDueMigration: Migration = {
  version: 17,
  description: 'due-time index: regulatory clock reminders (due soon, overdue)',
  up(db) {
    db.exec(`
      DROP TABLE due_work;
      CREATE TABLE due_work (
        incident_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('stale', 'breach', 'step', 'update', 'clock')),
        key TEXT NOT NULL,
        due_ms INTEGER NOT NULL,
        PRIMARY KEY (incident_id, kind, key)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX due_work_by_time ON due_work (kind, due_ms);
      INSERT INTO due_work (incident_id, kind, key, due_ms) SELECT id, 'stale', '', 0 FROM incidents WHERE kind = 'real' AND status IN ('Active', 'Contained');
    `);
  },
};
