import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { tempDataDir } from '../support/consoleServer';

const dataDir = tempDataDir();
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('tamper evidence', () => {
  it('firebreak incident verify names the event whose payload was edited in the database file, and exits 1', () => {
    const id = runCli(dataDir, ['incident', 'declare', '--title', 'Token in repo', '--severity', 'P0', '--json']).json.value.id as string;
    runCli(dataDir, ['incident', 'note', id, 'Token revoked at 14:20']);
    runCli(dataDir, ['incident', 'note', id, 'No use of the token in the audit log']);
    expect(runCli(dataDir, ['incident', 'verify', id]).status).toBe(0);

    // Bypass the append-only triggers the way someone with the file would.
    const db = new BetterSqlite3(path.join(dataDir, 'firebreak.sqlite'));
    db.exec('DROP TRIGGER events_append_only_update');
    db.prepare(`UPDATE events SET payload = '{"text":"Token was never used"}' WHERE incident_id = ? AND seq = 3`).run(id);
    db.close();

    const human = runCli(dataDir, ['incident', 'verify', id]);
    expect(human.status).toBe(1);
    expect(human.stdout).toContain('CHAIN BROKEN at event #3 (incident.noteAdded)');
    const json = runCli(dataDir, ['incident', 'verify', id, '--json']);
    expect(json.status).toBe(1);
    expect(json.json).toMatchObject({ ok: true, value: { intact: false, firstBreak: { seq: 3, type: 'incident.noteAdded', reason: 'hash-mismatch' } } });
  });
});
