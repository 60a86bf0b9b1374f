import type { Database } from 'better-sqlite3';
import { attackMigration } from './attackMigration';
import { clockDueMigration } from './clockDueMigration';
import { logFindingIdsMigration } from './logFindingIdsMigration';
import { dueWorkEventsMigration, dueWorkMigration } from './dueWorkMigration';
import { incidentKindMigration } from './incidentKindMigration';
import { logScanMigration } from './logScanMigration';
import { supplyMigration } from './supplyMigration';
import { dueMsExpression, settledCondition, unrespondedCondition } from './incidentPages';
import { syncMigrations } from './syncMigrations';
import { writeTransaction } from './transaction';

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
  {
    version: 2,
    description: 'playbook checklists, phases, acknowledgement and milestones, contacts, escalation reminders',
    up(db) {
      db.exec(`
        ALTER TABLE incidents ADD COLUMN playbook_id TEXT NOT NULL DEFAULT '';
        ALTER TABLE incidents ADD COLUMN current_phase TEXT NOT NULL DEFAULT 'Identify';
        ALTER TABLE incidents ADD COLUMN acknowledged_at TEXT;
        ALTER TABLE incidents ADD COLUMN contained_at TEXT;
        ALTER TABLE incidents ADD COLUMN recovered_at TEXT;
        ALTER TABLE incidents ADD COLUMN resolved_at TEXT;

        -- The incident's own copy of its playbook: editing the playbook later never rewrites it.
        CREATE TABLE checklist_steps (
          incident_id TEXT NOT NULL REFERENCES incidents (id),
          step_id TEXT NOT NULL,
          position INTEGER NOT NULL,
          phase TEXT NOT NULL,
          text TEXT NOT NULL,
          detail TEXT NOT NULL,
          command TEXT NOT NULL,
          action TEXT,
          critical INTEGER NOT NULL,
          adhoc INTEGER NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('open', 'done', 'skipped', 'na')),
          reason TEXT NOT NULL,
          updated_at TEXT,
          updated_by TEXT,
          PRIMARY KEY (incident_id, step_id)
        ) STRICT;

        CREATE TABLE checklist_notes (
          id INTEGER PRIMARY KEY,
          incident_id TEXT NOT NULL REFERENCES incidents (id),
          step_id TEXT NOT NULL,
          at TEXT NOT NULL,
          actor TEXT NOT NULL,
          text TEXT NOT NULL
        ) STRICT;
        CREATE INDEX checklist_notes_step ON checklist_notes (incident_id, step_id);

        CREATE TABLE contacts (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          role TEXT NOT NULL,
          email TEXT NOT NULL,
          phone TEXT NOT NULL,
          on_call INTEGER NOT NULL,
          updated_at TEXT NOT NULL
        ) STRICT;

        CREATE TABLE reminders (
          incident_id TEXT NOT NULL REFERENCES incidents (id),
          step_key TEXT NOT NULL,
          after_minutes INTEGER NOT NULL,
          notify TEXT NOT NULL,
          recipients TEXT NOT NULL,
          due_at TEXT NOT NULL,
          raised_at TEXT NOT NULL,
          acknowledged_at TEXT,
          acknowledged_by TEXT,
          PRIMARY KEY (incident_id, step_key)
        ) STRICT;
        CREATE INDEX reminders_pending ON reminders (acknowledged_at);
      `);
    },
  },
  {
    version: 3,
    description: 'evidence register with an append-only chain of custody, and quarantine',
    up(db) {
      db.exec(`
        CREATE TABLE evidence_items (
          id TEXT PRIMARY KEY,
          incident_id TEXT REFERENCES incidents (id),
          archive TEXT NOT NULL,
          archive_sha256 TEXT NOT NULL,
          manifest_file TEXT NOT NULL,
          key_fingerprint TEXT NOT NULL,
          files INTEGER NOT NULL,
          bytes INTEGER NOT NULL,
          problems INTEGER NOT NULL,
          collected_at TEXT NOT NULL,
          collected_by TEXT NOT NULL
        ) STRICT;

        CREATE TABLE custody_entries (
          id INTEGER PRIMARY KEY,
          evidence_id TEXT NOT NULL REFERENCES evidence_items (id),
          at TEXT NOT NULL,
          actor TEXT NOT NULL,
          device_id TEXT NOT NULL,
          action TEXT NOT NULL CHECK (action IN ('collected', 'copied', 'handed-over', 'verified', 'exported', 'note')),
          detail TEXT NOT NULL
        ) STRICT;
        CREATE INDEX custody_by_item ON custody_entries (evidence_id);
        CREATE TRIGGER custody_append_only_update BEFORE UPDATE ON custody_entries
        BEGIN SELECT RAISE(ABORT, 'the chain of custody is append-only: UPDATE refused'); END;
        CREATE TRIGGER custody_append_only_delete BEFORE DELETE ON custody_entries
        BEGIN SELECT RAISE(ABORT, 'the chain of custody is append-only: DELETE refused'); END;

        CREATE TABLE quarantine (
          id TEXT PRIMARY KEY,
          incident_id TEXT REFERENCES incidents (id),
          original_path TEXT NOT NULL,
          stored_path TEXT NOT NULL,
          sha256 TEXT NOT NULL,
          size INTEGER NOT NULL,
          mode INTEGER NOT NULL,
          quarantined_at TEXT NOT NULL,
          quarantined_by TEXT NOT NULL,
          released_at TEXT,
          released_by TEXT
        ) STRICT;
      `);
    },
  },
  {
    version: 4,
    description: 'secret scans and their findings (redacted previews and fingerprints only, never the secret)',
    up(db) {
      db.exec(`
        CREATE TABLE scan_runs (
          id TEXT PRIMARY KEY,
          incident_id TEXT REFERENCES incidents (id),
          root TEXT NOT NULL,
          history INTEGER NOT NULL,
          started_at TEXT NOT NULL,
          finished_at TEXT NOT NULL,
          actor TEXT NOT NULL,
          stats TEXT NOT NULL
        ) STRICT;
        CREATE INDEX scan_runs_by_incident ON scan_runs (incident_id);

        CREATE TABLE scan_findings (
          id INTEGER PRIMARY KEY,
          run_id TEXT NOT NULL REFERENCES scan_runs (id),
          rule TEXT NOT NULL,
          description TEXT NOT NULL,
          file TEXT NOT NULL,
          line INTEGER NOT NULL,
          column_number INTEGER NOT NULL,
          commit_hash TEXT,
          author TEXT,
          committed_at TEXT,
          redacted TEXT NOT NULL,
          fingerprint TEXT NOT NULL CHECK (length(fingerprint) = 16),
          in_working_tree INTEGER,
          status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'false-positive', 'rotation')),
          status_note TEXT NOT NULL DEFAULT ''
        ) STRICT;
        CREATE INDEX scan_findings_by_run ON scan_findings (run_id);
      `);
    },
  },
  {
    version: 5,
    description: 'quarantine records its intent before a file moves; evidence looked up by archive path and hash',
    up(db) {
      db.exec(`
        ALTER TABLE quarantine ADD COLUMN state TEXT NOT NULL DEFAULT 'held'
          CHECK (state IN ('moving-in', 'held', 'moving-out', 'released', 'not-moved', 'missing'));
        ALTER TABLE quarantine ADD COLUMN mover_pid INTEGER;
        UPDATE quarantine SET state = 'released' WHERE released_at IS NOT NULL;
        CREATE INDEX evidence_items_by_archive ON evidence_items (archive);
        CREATE INDEX evidence_items_by_hash ON evidence_items (archive_sha256);
      `);
    },
  },
  {
    version: 6,
    description: 'the vault\'s index: names, kinds and change times of its entries, and markers (length, first characters, keyed digest) that let redaction find a vault value in text without holding it',
    up(db) {
      db.exec(`
        CREATE TABLE vault_entries (
          name TEXT PRIMARY KEY,
          kind TEXT NOT NULL,
          changed_at TEXT NOT NULL,
          value_length INTEGER NOT NULL,
          value_prefix TEXT NOT NULL CHECK (length(value_prefix) <= 4),
          value_digest TEXT NOT NULL CHECK (length(value_digest) = 32)
        ) STRICT;
      `);
    },
  },
  {
    version: 7,
    description: 'rotation tracker: secrets to rotate per incident by name, place and fingerprint (never a value) and their after-rotation checks',
    up(db) {
      db.exec(`
        CREATE TABLE rotation_items (
          incident_id TEXT NOT NULL REFERENCES incidents (id),
          item_id TEXT NOT NULL,
          position INTEGER NOT NULL,
          name TEXT NOT NULL,
          location TEXT NOT NULL,
          owner TEXT NOT NULL,
          priority_group TEXT NOT NULL CHECK (priority_group IN ('external', 'application', 'service')),
          -- The secret's SHA-256 prefix and nothing longer: no column here can hold a secret value.
          fingerprint TEXT CHECK (fingerprint IS NULL OR (length(fingerprint) = 16 AND fingerprint NOT GLOB '*[^0-9a-f]*')),
          finding_id INTEGER REFERENCES scan_findings (id),
          status TEXT NOT NULL CHECK (status IN ('pending', 'rotated', 'verified')),
          added_at TEXT NOT NULL,
          added_by TEXT NOT NULL,
          rotated_at TEXT,
          rotated_by TEXT,
          verified_at TEXT,
          verified_by TEXT,
          PRIMARY KEY (incident_id, item_id),
          UNIQUE (incident_id, position),
          UNIQUE (incident_id, fingerprint)
        ) STRICT;

        CREATE TABLE rotation_checks (
          incident_id TEXT NOT NULL,
          item_id TEXT NOT NULL,
          check_id TEXT NOT NULL,
          position INTEGER NOT NULL,
          done INTEGER NOT NULL CHECK (done IN (0, 1)),
          done_at TEXT,
          done_by TEXT,
          PRIMARY KEY (incident_id, item_id, check_id),
          FOREIGN KEY (incident_id, item_id) REFERENCES rotation_items (incident_id, item_id)
        ) STRICT;
      `);
    },
  },
  {
    version: 8,
    description: 'action items per incident (A1, A2…), and the local ids given to the findings of an imported incident',
    up(db) {
      db.exec(`
        CREATE TABLE action_items (
          incident_id TEXT NOT NULL REFERENCES incidents (id),
          item_id TEXT NOT NULL,
          position INTEGER NOT NULL,
          title TEXT NOT NULL,
          owner TEXT NOT NULL,
          due TEXT,
          status TEXT NOT NULL CHECK (status IN ('open', 'done')),
          created_at TEXT NOT NULL,
          created_by TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          updated_by TEXT NOT NULL,
          done_at TEXT,
          done_by TEXT,
          PRIMARY KEY (incident_id, item_id),
          UNIQUE (incident_id, position)
        ) STRICT;
        CREATE INDEX action_items_by_status ON action_items (status, due);

        -- Finding ids are per-laptop integers: an imported incident's findings get new local ids,
        -- and its events (which name the ids of the laptop that recorded them) are read through this.
        CREATE TABLE imported_finding_ids (
          incident_id TEXT NOT NULL REFERENCES incidents (id),
          bundle_id INTEGER NOT NULL,
          local_id INTEGER NOT NULL UNIQUE REFERENCES scan_findings (id),
          PRIMARY KEY (incident_id, bundle_id)
        ) STRICT;
      `);
    },
  },
  // Team sync (the signed event DAG and its transports): syncMigrations.ts.
  ...syncMigrations,
  dueWorkMigration,
  dueWorkEventsMigration,
  logScanMigration,
  incidentKindMigration,
  supplyMigration,
  attackMigration,
  clockDueMigration,
  logFindingIdsMigration,
];

/**
 * Indexes that only speed reads, created when missing at every open instead of by a migration: a
 * new schema version would make an older release refuse the whole database.
 */
export function ensureReadIndexes(db: Database): void {
  // Every open of every process runs this: a read when nothing is missing, and one write lock, not one
  // per statement, when something is (first runs of several processes at once queue on that lock).
  const present = new Set(db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'index'").pluck().all());
  const missing = readIndexes.filter(([name]) => !present.has(name));
  if (!missing.length && !present.has(retiredIndex)) return;
  writeTransaction(db, () => {
    // The due time is an integer (epoch ms) since ISO text misordered years outside 0-9999: the text-keyed index goes.
    db.exec(`DROP INDEX IF EXISTS ${retiredIndex}`);
    for (const [, sql] of missing) db.exec(sql);
  });
}

const retiredIndex = 'incidents_waiting_by_due';

/** Name and statement of each read index. */
const readIndexes: ReadonlyArray<readonly [string, string]> = [
  // The incident list counts each incident's settled steps from this index alone.
  ['checklist_progress', 'CREATE INDEX IF NOT EXISTS checklist_progress ON checklist_steps (incident_id, status)'],
  // Appending to an unsigned timeline first asks whether the incident has signed events: one probe, not a walk of its history.
  ['events_signed_by_incident', 'CREATE INDEX IF NOT EXISTS events_signed_by_incident ON events (incident_id) WHERE format_version = 2'],
  // The incident list's two segments, read page by page (incidentPages.ts holds the same expressions).
  ['incidents_waiting_by_due_ms', `CREATE INDEX IF NOT EXISTS incidents_waiting_by_due_ms ON incidents (status, ${dueMsExpression}, id) WHERE ${unrespondedCondition}`],
  // evidence.list pages by (collected_at, id), for one incident or the whole register.
  ['evidence_items_by_incident_time', 'CREATE INDEX IF NOT EXISTS evidence_items_by_incident_time ON evidence_items (incident_id, collected_at, id)'],
  ['evidence_items_by_time', 'CREATE INDEX IF NOT EXISTS evidence_items_by_time ON evidence_items (collected_at, id)'],
  ['incidents_settled_by_level', `CREATE INDEX IF NOT EXISTS incidents_settled_by_level ON incidents (scheme_id, severity COLLATE NOCASE, status, declared_at DESC, id) WHERE ${settledCondition}`],
];

export const latestSchemaVersion = migrations.at(-1)!.version;
