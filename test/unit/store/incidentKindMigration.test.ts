import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IncidentPage, VerifyAllResult } from '../../../src-main/contract';
import { createServiceContext } from '../../../src-main/services/context';
import { dispatch } from '../../../src-main/services/dispatch';
import { databaseFileName, openDatabase, schemaVersion } from '../../../src-main/store/database';
import { findIncident } from '../../../src-main/store/incidentRepo';
import { migrations } from '../../../src-main/store/migrations';
import { tempDirs } from '../../support/tempDirs';

const tempDir = tempDirs('firebreak-db-');

const insert = (id: string, kind?: string) =>
  `INSERT INTO incidents (id, ${kind ? 'kind, ' : ''}title, scenario, scheme_id, severity, response_minutes, impact_confidentiality, impact_integrity,
  impact_availability, commander, detection_source, description, status, declared_at, responded_at, updated_at)
  VALUES ('${id}', ${kind ? `'${kind}', ` : ''}'t', '', 'p0-p3', 'P1', 60, 0, 0, 0, '', '', '', 'Active', '2026-11-23T14:15:02.000Z', NULL, '2026-11-23T14:15:02.000Z')`;

describe('migration 14: incident kind', () => {
  it('reads every incident of a database at version 13 as real, and keeps drills out of the due-time index', () => {
    const dir = tempDir();
    const old = openDatabase(dir, { migrations: migrations.filter((migration) => migration.version <= 13) });
    old.prepare(insert('INC-1')).run();
    old.close();

    const db = openDatabase(dir);
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(14);
    expect(findIncident(db, 'INC-1')).toMatchObject({ id: 'INC-1', kind: 'real' });
    expect(() => db.prepare(insert('INC-2', 'tabletop')).run()).toThrow(/CHECK constraint/);

    const staleIds = () => db.prepare<[], string>("SELECT incident_id FROM due_work WHERE kind = 'stale' ORDER BY incident_id").pluck().all();
    db.exec('DELETE FROM due_work');
    db.prepare(insert('INC-3', 'drill')).run();
    db.prepare(insert('INC-4', 'real')).run();
    expect(staleIds()).toEqual(['INC-4']);
    db.exec("DELETE FROM due_work; UPDATE incidents SET updated_at = 'later', status = 'Contained'");
    expect(staleIds()).toEqual(['INC-1', 'INC-4']);
    db.exec('DELETE FROM due_work');
    const event = db.prepare(`INSERT INTO events (incident_id, seq, format_version, type, at, actor, device_id, payload, prev_hash, hash) VALUES (?, 1, 1, 'incident.noteAdded', 'x', 'ana', 'd', '{}', '', ?)`);
    event.run('INC-3', 'h3');
    event.run('INC-4', 'h4');
    expect(staleIds()).toEqual(['INC-4']);
    db.close();
  });

  it('lists every incident of a release before drills as real, and their chains still verify', () => {
    const dir = tempDir();
    fs.copyFileSync(path.join(__dirname, '../../fixtures/old-release/firebreak.sqlite'), path.join(dir, databaseFileName));
    const ctx = createServiceContext({ dataDir: dir, transport: 'http', clock: () => new Date('2026-12-01T09:00:00.000Z'), emit: () => {} });
    try {
      const stored = ctx.db.prepare<[], string>('SELECT id FROM incidents ORDER BY id').pluck().all();
      expect(stored.length).toBeGreaterThan(0);
      const ok = <T>(name: string, input: unknown): T => {
        const result = dispatch(ctx, name, input);
        if (!result.ok) throw new Error(result.error.message);
        return result.value as T;
      };
      const real = ok<IncidentPage>('incident.list', { scope: 'all' });
      expect(real.total).toBe(stored.length);
      expect(real.incidents.map((incident) => [incident.id, incident.kind]).sort()).toEqual(stored.map((id) => [id, 'real']));
      expect(ok<IncidentPage>('incident.list', { scope: 'all', kind: 'drill' })).toEqual({ incidents: [], total: 0, nextCursor: null });
      const verified = ok<VerifyAllResult>('verify.all', {});
      expect(verified.intact).toBe(true);
      expect(verified.incidents.every((incident) => incident.verdict === 'ok' && incident.mismatches.length === 0)).toBe(true);
    } finally {
      ctx.db.close();
    }
  });
});
