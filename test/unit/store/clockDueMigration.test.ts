import { describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../../src-main/store/database';
import { migrations } from '../../../src-main/store/migrations';
import { tempDirs } from '../../support/tempDirs';

const tempDir = tempDirs('firebreak-db-');

const insert = (id: string) =>
  `INSERT INTO incidents (id, kind, title, scenario, scheme_id, severity, response_minutes, impact_confidentiality, impact_integrity,
  impact_availability, commander, detection_source, description, status, declared_at, responded_at, updated_at)
  VALUES ('${id}', 'real', 't', '', 'p0-p3', 'P1', 60, 0, 0, 0, '', '', '', 'Active', '2026-11-23T14:15:02.000Z', NULL, '2026-11-23T14:15:02.000Z')`;

describe('migration 17: regulatory clock reminders in the due-time index', () => {
  it('takes clock rows after it, recomputes every open incident, and the triggers still mark incidents stale', () => {
    const dir = tempDir();
    const old = openDatabase(dir, { migrations: migrations.filter((migration) => migration.version < 17) });
    old.prepare(insert('INC-1')).run();
    old.exec('DELETE FROM due_work');
    expect(() => old.exec("INSERT INTO due_work (incident_id, kind, key, due_ms) VALUES ('INC-1', 'clock', 'gdpr-authority:soon', 1)")).toThrow(/CHECK constraint/);
    old.close();

    const db = openDatabase(dir);
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(17);
    const rows = () => db.prepare<[], string>("SELECT incident_id || ' ' || kind FROM due_work ORDER BY incident_id, kind").pluck().all();
    expect(rows()).toEqual(['INC-1 stale']);
    db.exec("DELETE FROM due_work; INSERT INTO due_work (incident_id, kind, key, due_ms) VALUES ('INC-1', 'clock', 'gdpr-authority:soon', 1)");
    db.prepare(insert('INC-2')).run();
    db.prepare(`INSERT INTO events (incident_id, seq, format_version, type, at, actor, device_id, payload, prev_hash, hash) VALUES ('INC-1', 1, 1, 'clock.started', 'x', 'ana', 'd', '{}', '', 'h1')`).run();
    expect(rows()).toEqual(['INC-1 clock', 'INC-1 stale', 'INC-2 stale']);
    db.close();
  });
});
