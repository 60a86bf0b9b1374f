import { describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../../src-main/store/database';
import { migrations } from '../../../src-main/store/migrations';
import { tempDirs } from '../../support/tempDirs';

const tempDir = tempDirs('firebreak-db-');

describe('migration 18: log finding numbers of scans from bundles', () => {
  it('keeps every log scan made before it, each numbering its findings as it did (offset 0)', () => {
    const dir = tempDir();
    const old = openDatabase(dir, { migrations: migrations.filter((migration) => migration.version < 18) });
    old.exec(`INSERT INTO incidents (id, kind, title, scenario, scheme_id, severity, response_minutes, impact_confidentiality, impact_integrity,
      impact_availability, commander, detection_source, description, status, declared_at, responded_at, updated_at)
      VALUES ('INC-1', 'real', 't', '', 'p0-p3', 'P1', 60, 0, 0, 0, '', '', '', 'Active', '2026-11-23T14:15:02.000Z', NULL, '2026-11-23T14:15:02.000Z')`);
    old.exec(`INSERT INTO log_scans (id, incident_id, paths, files, started_at, finished_at, actor, stats, aggregates, histogram, top_ips)
      VALUES ('LS-0000000a', 'INC-1', '[]', '[]', '2026-11-23T14:15:02.000Z', '2026-11-23T14:15:03.000Z', 'ana', '{}', '[]', '{}', '[]')`);
    old.exec(`INSERT INTO log_findings (id, scan_id, rule, category, severity, description, file, line, time, ip, excerpt)
      VALUES (7, 'LS-0000000a', 'r', 'sqli', 'high', 'd', '/var/log/a.log', 3, NULL, NULL, 'x')`);
    old.close();

    const db = openDatabase(dir);
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(18);
    expect(db.prepare('SELECT s.id, s.finding_id_offset, f.id AS finding FROM log_scans s JOIN log_findings f ON f.scan_id = s.id').all()).toEqual([{ id: 'LS-0000000a', finding_id_offset: 0, finding: 7 }]);
    db.close();
  });
});
