import type { Migration } from './migrations';

/**
 * The due-time index the background checks read instead of walking every incident. Triggers mark
 * an incident `stale` whenever something its due times derive from is written, by any path (a
 * service, a bundle import, a team sync projection); the next check recomputes that incident's rows
 * (services/escalations/dueWork.ts), so no write path can forget to.
 */
export const dueWorkMigration: Migration = {
  version: 11,
  description: 'due-time index: per incident, when its response SLA, each escalation step not yet raised and its next comms update come due',
  up(db) {
    db.exec(`
      -- kind: breach | step | update hold a due time (ms since the epoch); stale (due_ms 0) asks for a recomputation.
      CREATE TABLE due_work (
        incident_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('stale', 'breach', 'step', 'update')),
        key TEXT NOT NULL,
        due_ms INTEGER NOT NULL,
        PRIMARY KEY (incident_id, kind, key)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX due_work_by_time ON due_work (kind, due_ms);

      CREATE TRIGGER due_work_incident_inserted AFTER INSERT ON incidents
      BEGIN INSERT OR IGNORE INTO due_work (incident_id, kind, key, due_ms) VALUES (NEW.id, 'stale', '', 0); END;
      -- updated_at moves with every change and every projected event (a message sent, a breach another laptop recorded).
      CREATE TRIGGER due_work_incident_updated AFTER UPDATE ON incidents
      WHEN NEW.updated_at IS NOT OLD.updated_at OR NEW.status IS NOT OLD.status OR NEW.severity IS NOT OLD.severity OR NEW.scheme_id IS NOT OLD.scheme_id
        OR NEW.response_minutes IS NOT OLD.response_minutes OR NEW.declared_at IS NOT OLD.declared_at OR NEW.responded_at IS NOT OLD.responded_at
      BEGIN INSERT OR IGNORE INTO due_work (incident_id, kind, key, due_ms) VALUES (NEW.id, 'stale', '', 0); END;
      CREATE TRIGGER due_work_reminder_inserted AFTER INSERT ON reminders
      BEGIN INSERT OR IGNORE INTO due_work (incident_id, kind, key, due_ms) VALUES (NEW.incident_id, 'stale', '', 0); END;
      CREATE TRIGGER due_work_reminder_deleted AFTER DELETE ON reminders
      BEGIN INSERT OR IGNORE INTO due_work (incident_id, kind, key, due_ms) VALUES (OLD.incident_id, 'stale', '', 0); END;
      CREATE TRIGGER due_work_reminder_moved AFTER UPDATE OF incident_id, step_key, due_at ON reminders
      BEGIN INSERT OR IGNORE INTO due_work (incident_id, kind, key, due_ms) VALUES (NEW.incident_id, 'stale', '', 0); END;

      INSERT INTO due_work (incident_id, kind, key, due_ms) SELECT id, 'stale', '', 0 FROM incidents WHERE status IN ('Active', 'Contained');
    `);
  },
};

/**
 * Marks an incident stale whenever an event is appended for it. The incident row alone misses
 * writes: a merged event that sorts before the latest leaves `updated_at` as it was, and two writes
 * in one millisecond stamp the same `updated_at`. A trigger rather than a call in each insert
 * function: events are written by the log, the team-sync DAG and the bundle import today, and a
 * trigger covers the next path too. Its own version so a database already at 11 gains it.
 */
export const dueWorkEventsMigration: Migration = {
  version: 12,
  description: 'due-time index: an incident is recomputed whenever an event is appended for it',
  up(db) {
    db.exec(`
      CREATE TRIGGER due_work_event_inserted AFTER INSERT ON events
      BEGIN INSERT OR IGNORE INTO due_work (incident_id, kind, key, due_ms) VALUES (NEW.incident_id, 'stale', '', 0); END;

      -- Whatever such an event changed before this version is picked up at the next check.
      INSERT OR IGNORE INTO due_work (incident_id, kind, key, due_ms) SELECT id, 'stale', '', 0 FROM incidents WHERE status IN ('Active', 'Contained');
    `);
  },
};
