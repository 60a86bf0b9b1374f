import type { Migration } from './migrations';

/**
 * An incident is real or a drill (a tabletop exercise run on the real console). Every row before
 * this version is real. A drill never comes due: the due-time triggers mark only real incidents
 * stale, so a drill gets no due_work rows and hence no SLA breach, escalation or update reminder
 * (its clock is the facilitator's, not wall time).
 */
export const incidentKindMigration: Migration = {
  version: 14,
  description: 'incident kind (real or drill); drills never enter the due-time index',
  up(db) {
    db.exec(`
      ALTER TABLE incidents ADD COLUMN kind TEXT NOT NULL DEFAULT 'real' CHECK (kind IN ('real', 'drill'));

      DROP TRIGGER due_work_incident_inserted;
      CREATE TRIGGER due_work_incident_inserted AFTER INSERT ON incidents
      WHEN NEW.kind = 'real'
      BEGIN INSERT OR IGNORE INTO due_work (incident_id, kind, key, due_ms) VALUES (NEW.id, 'stale', '', 0); END;

      DROP TRIGGER due_work_incident_updated;
      CREATE TRIGGER due_work_incident_updated AFTER UPDATE ON incidents
      WHEN NEW.kind = 'real' AND (NEW.updated_at IS NOT OLD.updated_at OR NEW.status IS NOT OLD.status OR NEW.severity IS NOT OLD.severity OR NEW.scheme_id IS NOT OLD.scheme_id
        OR NEW.response_minutes IS NOT OLD.response_minutes OR NEW.declared_at IS NOT OLD.declared_at OR NEW.responded_at IS NOT OLD.responded_at)
      BEGIN INSERT OR IGNORE INTO due_work (incident_id, kind, key, due_ms) VALUES (NEW.id, 'stale', '', 0); END;

      -- An event for an incident not stored yet (a sync page) still marks it: its row decides when it arrives.
      DROP TRIGGER due_work_event_inserted;
      CREATE TRIGGER due_work_event_inserted AFTER INSERT ON events
      WHEN NOT EXISTS (SELECT 1 FROM incidents WHERE id = NEW.incident_id AND kind = 'drill')
      BEGIN INSERT OR IGNORE INTO due_work (incident_id, kind, key, due_ms) VALUES (NEW.incident_id, 'stale', '', 0); END;
    `);
  },
};
