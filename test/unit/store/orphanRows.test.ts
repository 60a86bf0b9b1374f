import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/store/database';
import { allReferencedIncidentIds, hasIncidentRows } from '../../../src-main/store/projectionRows';
import { tempDirs } from '../../support/tempDirs';

const tempDir = tempDirs('firebreak-orphans-');

describe('rows left behind by a deleted incident', () => {
  it('counts log scans and supply-chain checks, so verify --all reports their incident as orphaned', () => {
    const db = openDatabase(tempDir());
    // As someone with the sqlite3 shell would: the incident row is gone, its rows stay.
    db.pragma('foreign_keys = OFF');
    db.prepare(`INSERT INTO log_scans (id, incident_id, paths, files, started_at, finished_at, actor, stats, aggregates, histogram, top_ips) VALUES ('LS-1a2b3c4d', 'INC-LOGS', '[]', '[]', 'a', 'b', 'ana', '{}', '[]', '{}', '[]')`).run();
    db.prepare(`INSERT INTO supply_checks (id, incident_id, kind, inputs, summary, result, finished_at, actor) VALUES ('SC-1a2b3c4d', 'INC-SUPPLY', 'deps', '[]', 's', '{}', 'b', 'ana')`).run();

    expect(allReferencedIncidentIds(db)).toEqual(['INC-LOGS', 'INC-SUPPLY']);
    expect(hasIncidentRows(db, 'INC-LOGS')).toBe(true);
    expect(hasIncidentRows(db, 'INC-SUPPLY')).toBe(true);
    expect(hasIncidentRows(db, 'INC-NONE')).toBe(false);
    db.close();
  });
});
