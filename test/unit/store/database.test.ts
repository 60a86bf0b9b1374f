import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { databaseFileName, latestSchemaVersion, openDatabase, schemaVersion } from '../../../src-main/store/database';
import { dueMsExpression, unrespondedCondition } from '../../../src-main/store/incidentPages';
import { migrations } from '../../../src-main/store/migrations';
import { tempDirs } from '../../support/tempDirs';

const tempDir = tempDirs('firebreak-db-');

describe('database', () => {
  it('opens in WAL with synchronous=FULL and foreign keys on, at the latest schema', () => {
    const db = openDatabase(tempDir());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(schemaVersion(db)).toBe(latestSchemaVersion);
    db.close();
  });

  it('counts checklist progress from an index that older databases gain on open, without a new schema version', () => {
    const dir = tempDir();
    const progressPlan = (db: BetterSqlite3.Database) =>
      db.prepare("EXPLAIN QUERY PLAN SELECT incident_id, count(*), sum(status != 'open') FROM checklist_steps GROUP BY incident_id").all() as Array<{ detail: string }>;
    const db = openDatabase(dir);
    expect(progressPlan(db).map((row) => row.detail).join()).toContain('COVERING INDEX checklist_progress');
    // A database from before the index, at the same schema version: an older release still opens it.
    db.exec('DROP INDEX checklist_progress');
    db.close();
    const reopened = openDatabase(dir);
    expect(progressPlan(reopened).map((row) => row.detail).join()).toContain('COVERING INDEX checklist_progress');
    expect(schemaVersion(reopened)).toBe(latestSchemaVersion);
    reopened.close();
  });

  it('reads waiting incidents by due time from one index range, and replaces the text-keyed index of older databases on open', () => {
    const dir = tempDir();
    // The shape of the incident list's waiting stream (store/incidentPages.ts) from a cursor on.
    const waitingPlan = (db: BetterSqlite3.Database) =>
      (db
        .prepare(`EXPLAIN QUERY PLAN SELECT * FROM incidents WHERE ${unrespondedCondition} AND status = ? AND ${dueMsExpression} >= ? AND NOT (${dueMsExpression} = ? AND id <= ?) ORDER BY ${dueMsExpression}, id LIMIT ?`)
        .all('Active', 0, 0, 'INC-1', 20) as Array<{ detail: string }>)
        .map((row) => row.detail)
        .join();
    const db = openDatabase(dir);
    expect(waitingPlan(db)).toContain('USING INDEX incidents_waiting_by_due_ms');
    expect(waitingPlan(db)).not.toContain('TEMP B-TREE');
    db.exec("CREATE INDEX incidents_waiting_by_due ON incidents (status, strftime('%Y-%m-%dT%H:%M:%fZ', declared_at), id) WHERE responded_at IS NULL");
    db.close();
    const reopened = openDatabase(dir);
    const indexes = reopened.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'incidents_waiting%'").pluck().all();
    expect(indexes).toEqual(['incidents_waiting_by_due_ms']);
    expect(waitingPlan(reopened)).toContain('USING INDEX incidents_waiting_by_due_ms');
    reopened.close();
  });

  it('refuses a database written by a newer Firebreak, and says what to do', () => {
    const dir = tempDir();
    const raw = new BetterSqlite3(path.join(dir, databaseFileName));
    raw.pragma(`user_version = ${latestSchemaVersion + 5}`);
    raw.close();
    expect(() => openDatabase(dir)).toThrow(/schema version \d+, written by a newer Firebreak; this version understands up to \d+\. Update Firebreak/);
  });

  it('runs each migration in a transaction: a failing one leaves the version where it was', () => {
    const dir = tempDir();
    const broken = [...migrations, { version: latestSchemaVersion + 1, description: 'broken', up: (db: BetterSqlite3.Database) => db.exec('CREATE TABLE half (x); SELECT no_such_function();') }];
    expect(() => openDatabase(dir, { migrations: broken })).toThrow(/no such function/);
    const db = openDatabase(dir);
    expect(schemaVersion(db)).toBe(latestSchemaVersion);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    db.close();
  });

  it('migration 1 creates the incident tables and an append-only event log', () => {
    const db = openDatabase(tempDir());
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['events', 'incidents', 'settings']));
    db.prepare(
      `INSERT INTO incidents (id, title, scenario, scheme_id, severity, response_minutes, impact_confidentiality, impact_integrity,
         impact_availability, commander, detection_source, description, status, declared_at, responded_at, updated_at)
       VALUES ('INC-1', 't', '', 'p0-p3', 'P1', 60, 0, 0, 0, '', '', '', 'Active', 'x', NULL, 'x')`,
    ).run();
    db.prepare(`INSERT INTO events (incident_id, seq, format_version, type, at, actor, device_id, payload, prev_hash, hash) VALUES ('INC-1', 1, 1, 't', 'x', 'a', 'd', '{}', 'p', 'h')`).run();
    expect(() => db.prepare("UPDATE events SET payload = '{\"x\":1}'").run()).toThrow('events are append-only: UPDATE refused');
    expect(() => db.prepare('DELETE FROM events').run()).toThrow('events are append-only: DELETE refused');
    expect(() => db.prepare(`INSERT INTO events (incident_id, seq, format_version, type, at, actor, device_id, payload, prev_hash, hash) VALUES ('INC-404', 1, 1, 't', 'x', 'a', 'd', '{}', 'p', 'h2')`).run()).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('says where and why when the data directory cannot be created', () => {
    const file = path.join(tempDir(), 'not-a-dir');
    fs.writeFileSync(file, '');
    expect(() => openDatabase(path.join(file, 'data'))).toThrow(/cannot create the data directory/);
  });

  it('migration 3 keeps the chain of custody append-only', () => {
    const db = openDatabase(tempDir());
    db.prepare(
      `INSERT INTO evidence_items (id, incident_id, archive, archive_sha256, manifest_file, key_fingerprint, files, bytes, problems, collected_at, collected_by)
       VALUES ('EV-1', NULL, '/a.tar.gz', 'h', '/a.tar.gz.manifest.json', 'k', 1, 1, 0, 'x', 'ana')`,
    ).run();
    db.prepare("INSERT INTO custody_entries (evidence_id, at, actor, device_id, action, detail) VALUES ('EV-1', 'x', 'ana', 'd', 'collected', '')").run();
    expect(() => db.prepare("UPDATE custody_entries SET actor = 'mallory'").run()).toThrow('the chain of custody is append-only: UPDATE refused');
    expect(() => db.prepare('DELETE FROM custody_entries').run()).toThrow('the chain of custody is append-only: DELETE refused');
    expect(() => db.prepare("INSERT INTO custody_entries (evidence_id, at, actor, device_id, action, detail) VALUES ('EV-1', 'x', 'ana', 'd', 'lost', '')").run()).toThrow(/CHECK constraint/);
    db.close();
  });
});
