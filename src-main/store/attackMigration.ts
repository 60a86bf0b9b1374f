import type { Migration } from './migrations';

/**
 * The ATT&CK technique catalogue: reference data imported from a MITRE STIX bundle, not incident
 * data, so it lives in tables of its own and never in the event log (it is not synced or exported).
 * - `attack_catalogue`: at most one row (id 1), what was imported and when.
 * - `attack_techniques`: one row per technique or sub-technique; `name_key` is the name lower-cased
 *   by JavaScript (SQLite's lower() folds ASCII only), which the name search reads.
 */
export const attackMigration: Migration = {
  version: 16,
  description: 'the ATT&CK technique catalogue imported from a STIX bundle',
  up(db) {
    db.exec(`
      CREATE TABLE attack_catalogue (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        version TEXT,
        source TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        techniques INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE attack_techniques (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL,
        tactics TEXT NOT NULL,
        description TEXT NOT NULL,
        platforms TEXT NOT NULL,
        parent TEXT,
        deprecated INTEGER NOT NULL CHECK (deprecated IN (0, 1)),
        url TEXT
      ) STRICT, WITHOUT ROWID;
      -- T1059 lists its sub-techniques after it.
      CREATE INDEX attack_techniques_by_parent ON attack_techniques (parent, id) WHERE parent IS NOT NULL;
    `);
  },
};
