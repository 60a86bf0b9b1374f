import { describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../../src-main/store/database';
import { migrations } from '../../../src-main/store/migrations';
import { readAttackCatalogue, replaceAttackCatalogue } from '../../../src-main/store/attackRepo';
import { tempDirs } from '../../support/tempDirs';

const tempDir = tempDirs('firebreak-attack-db-');

describe('migration 16: the ATT&CK catalogue', () => {
  it('opens a database at version 15 with an empty catalogue, and holds one catalogue row at most', () => {
    const dir = tempDir();
    openDatabase(dir, { migrations: migrations.filter((migration) => migration.version <= 15) }).close();

    const db = openDatabase(dir);
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(16);
    expect(readAttackCatalogue(db)).toBeNull();
    const technique = { id: 'T1190', name: 'Exploit Public-Facing Application', tactics: ['initial-access'], description: '', platforms: [], parent: null, deprecated: false, url: null };
    replaceAttackCatalogue(db, { techniques: 1, version: '16.1', source: 'a.json', importedAt: '2026-12-01T00:00:00.000Z' }, [technique]);
    replaceAttackCatalogue(db, { techniques: 1, version: '17.0', source: 'b.json', importedAt: '2026-12-02T00:00:00.000Z' }, [technique]);
    expect(readAttackCatalogue(db)).toEqual({ techniques: 1, version: '17.0', source: 'b.json', importedAt: '2026-12-02T00:00:00.000Z' });
    expect(() => db.prepare("INSERT INTO attack_catalogue (id, version, source, imported_at, techniques) VALUES (2, NULL, 'c', 'x', 0)").run()).toThrow(/CHECK constraint/);
    // A failing import (a duplicate id here) rolls back whole: the catalogue held stays.
    expect(() => replaceAttackCatalogue(db, { techniques: 2, version: '18.0', source: 'c.json', importedAt: 'x' }, [technique, technique])).toThrow(/UNIQUE/);
    expect(readAttackCatalogue(db)?.version).toBe('17.0');
    db.close();
  });
});
