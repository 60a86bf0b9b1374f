import type { Migration } from './migrations';

/**
 * Log scans kept against an incident: the scan with its aggregates, histogram and top sources as
 * JSON (read whole, never queried inside), and its findings one row each, paged by id (file and
 * line order, as written) within a scan, optionally by category or source address.
 */
export const logScanMigration: Migration = {
  version: 13,
  description: 'log scans and their findings, kept against an incident and paged by scan, category and source address',
  up(db) {
    db.exec(`
      CREATE TABLE log_scans (
        id TEXT PRIMARY KEY,
        incident_id TEXT NOT NULL REFERENCES incidents (id),
        paths TEXT NOT NULL,
        files TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        actor TEXT NOT NULL,
        stats TEXT NOT NULL,
        aggregates TEXT NOT NULL,
        histogram TEXT NOT NULL,
        top_ips TEXT NOT NULL
      ) STRICT;
      CREATE INDEX log_scans_by_incident ON log_scans (incident_id, finished_at, id);

      CREATE TABLE log_findings (
        id INTEGER PRIMARY KEY,
        scan_id TEXT NOT NULL REFERENCES log_scans (id),
        rule TEXT NOT NULL,
        category TEXT NOT NULL,
        severity TEXT NOT NULL,
        description TEXT NOT NULL,
        file TEXT NOT NULL,
        line INTEGER NOT NULL,
        time TEXT,
        ip TEXT,
        excerpt TEXT NOT NULL
      ) STRICT;
      CREATE INDEX log_findings_by_scan ON log_findings (scan_id, id);
      CREATE INDEX log_findings_by_category ON log_findings (scan_id, category, id);
      CREATE INDEX log_findings_by_ip ON log_findings (scan_id, ip, id);
    `);
  },
};
