import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  description: string;
  up(db: Database): void;
}

/** Ordered; each runs in its own transaction and sets `PRAGMA user_version` to its version. Never edit a shipped one. */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'settings, incidents and the append-only hash-chained event log',
    up(db) {
      db.exec(`
        CREATE TABLE settings (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        ) STRICT;

        CREATE TABLE incidents (
          id TEXT PRIMARY KEY,
          title TEXT NOT NULL,
          scenario TEXT NOT NULL,
          scheme_id TEXT NOT NULL,
          severity TEXT NOT NULL,
          response_minutes INTEGER NOT NULL,
          impact_confidentiality INTEGER NOT NULL,
          impact_integrity INTEGER NOT NULL,
          impact_availability INTEGER NOT NULL,
          commander TEXT NOT NULL,
          detection_source TEXT NOT NULL,
          description TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('Active', 'Contained', 'Resolved', 'Closed')),
          declared_at TEXT NOT NULL,
          responded_at TEXT,
          updated_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX incidents_status ON incidents (status);

        CREATE TABLE events (
          id INTEGER PRIMARY KEY,
          incident_id TEXT NOT NULL REFERENCES incidents (id),
          seq INTEGER NOT NULL,
          format_version INTEGER NOT NULL,
          type TEXT NOT NULL,
          at TEXT NOT NULL,
          actor TEXT NOT NULL,
          device_id TEXT NOT NULL,
          payload TEXT NOT NULL,
          prev_hash TEXT NOT NULL,
          hash TEXT NOT NULL,
          UNIQUE (incident_id, seq)
        ) STRICT;

        -- The log is evidence: nothing rewrites or removes it through SQL.
        CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE refused'); END;
        CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only: DELETE refused'); END;
      `);
    },
  },
];

export const latestSchemaVersion = migrations.at(-1)!.version;
