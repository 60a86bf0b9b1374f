import { describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../../src-main/store/database';
import { migrations } from '../../../src-main/store/migrations';
import { tempDirs } from '../../support/tempDirs';

const tempDir = tempDirs('firebreak-db-');

const incident = `INSERT INTO incidents (id, title, scenario, scheme_id, severity, response_minutes, impact_confidentiality, impact_integrity,
  impact_availability, commander, detection_source, description, status, declared_at, responded_at, updated_at)
  VALUES ('INC-1', 't', '', 'p0-p3', 'P1', 60, 0, 0, 0, '', '', '', 'Active', 'x', NULL, 'x')`;

describe('migration 13: log scans', () => {
  it('gives a database at version 12 the log tables, keeping what it held', () => {
    const dir = tempDir();
    const old = openDatabase(dir, { migrations: migrations.filter((migration) => migration.version <= 12) });
    expect(schemaVersion(old)).toBe(12);
    old.prepare(incident).run();
    expect(() => old.prepare('SELECT 1 FROM log_scans').get()).toThrow(/no such table/);
    old.close();

    const db = openDatabase(dir);
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(13);
    expect(db.prepare('SELECT id FROM incidents').pluck().all()).toEqual(['INC-1']);
    db.prepare(`INSERT INTO log_scans (id, incident_id, paths, files, started_at, finished_at, actor, stats, aggregates, histogram, top_ips) VALUES ('LS-1a2b3c4d', 'INC-1', '[]', '[]', 'a', 'b', 'ana', '{}', '[]', '{}', '[]')`).run();
    db.prepare(`INSERT INTO log_findings (scan_id, rule, category, severity, description, file, line, time, ip, excerpt) VALUES ('LS-1a2b3c4d', 'sqli-union', 'sqli', 'high', 'd', '/var/log/a', 3, NULL, '203.0.113.9', 'x')`).run();
    // A scan belongs to an incident and a finding to a scan that exist.
    expect(() => db.prepare(`INSERT INTO log_scans (id, incident_id, paths, files, started_at, finished_at, actor, stats, aggregates, histogram, top_ips) VALUES ('LS-00000000', 'INC-404', '[]', '[]', 'a', 'b', 'ana', '{}', '[]', '{}', '[]')`).run()).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare(`INSERT INTO log_findings (scan_id, rule, category, severity, description, file, line, time, ip, excerpt) VALUES ('LS-ffffffff', 'r', 'sqli', 'high', 'd', 'f', 1, NULL, NULL, 'x')`).run()).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('pages findings by scan, category and address from indexes, not by scanning the table', () => {
    const db = openDatabase(tempDir());
    const plan = (sql: string) => db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all().map((row) => (row as { detail: string }).detail).join(' | ');
    expect(plan("SELECT * FROM log_findings WHERE scan_id = 'LS-1' AND id > 0 ORDER BY id LIMIT 10")).toMatch(/USING INDEX log_findings_by_scan|USING INTEGER PRIMARY KEY/);
    expect(plan("SELECT * FROM log_findings WHERE scan_id = 'LS-1' AND category = 'sqli' AND id > 0 ORDER BY id LIMIT 10")).toContain('log_findings_by_category');
    expect(plan("SELECT * FROM log_findings WHERE scan_id = 'LS-1' AND ip = '203.0.113.9' AND id > 0 ORDER BY id LIMIT 10")).toContain('log_findings_by_ip');
    expect(plan("SELECT * FROM log_findings WHERE scan_id = 'LS-1' AND id > 0 ORDER BY id LIMIT 10")).not.toContain('USE TEMP B-TREE');
    db.close();
  });
});
