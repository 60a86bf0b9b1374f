import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { apiCall, serveConsole, tempDataDir } from '../support/consoleServer';

const dataDir = tempDataDir();
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('firebreak verify --all', () => {
  it('exits 0 when every incident is intact, 1 with the orphan named when an incident row was deleted, 2 without --all', async () => {
    const declare = (title: string) => runCli(dataDir, ['incident', 'declare', '--title', title, '--severity', 'P2', '--json']).json.value.id as string;
    const kept = declare('Phishing wave');
    const deleted = declare('Stolen laptop');
    runCli(dataDir, ['incident', 'note', deleted, 'Laptop reported stolen at the airport']);

    const clean = runCli(dataDir, ['verify', '--all', '--json']);
    expect(clean.status).toBe(0);
    expect(clean.stdout.trim().split('\n')).toHaveLength(1);
    expect(clean.json).toMatchObject({ ok: true, value: { intact: true, checked: 2, broken: 0, orphaned: 0 } });
    expect(runCli(dataDir, ['verify', '--all'])).toMatchObject({ status: 0, stdout: '2 incident(s) checked: all intact\n' });

    // Someone with the file deletes the incident row; the append-only events stay behind.
    const db = new BetterSqlite3(path.join(dataDir, 'firebreak.sqlite'));
    db.pragma('foreign_keys = OFF'); // as in the sqlite3 shell
    db.prepare('DELETE FROM checklist_steps WHERE incident_id = ?').run(deleted);
    db.prepare('DELETE FROM incidents WHERE id = ?').run(deleted);
    db.close();

    // One incident at a time used to say intact here.
    expect(runCli(dataDir, ['incident', 'verify', deleted, '--json'])).toMatchObject({ status: 1, json: { ok: true, value: { intact: false, orphaned: true, firstBreak: { reason: 'orphaned-events' } } } });

    const broken = runCli(dataDir, ['verify', '--all', '--json']);
    expect(broken.status).toBe(1);
    expect(broken.json).toMatchObject({ ok: true, value: { intact: false, checked: 2, broken: 1, orphaned: 1 } });
    // By id: the first declared sorts first.
    expect(broken.json.value.incidents).toEqual([
      expect.objectContaining({ id: kept, intact: true }),
      expect.objectContaining({ id: deleted, intact: false, orphaned: true, events: 3 }),
    ]);
    const human = runCli(dataDir, ['verify', '--all']);
    expect(human.status).toBe(1);
    expect(human.stdout).toContain(`${deleted}: ORPHANED: the incident row of ${deleted} is gone but its 3 event(s) remain`);
    expect(human.stdout).toContain('2 incident(s) checked: 1 broken, 1 orphaned');

    expect(runCli(dataDir, ['verify', '--json'])).toMatchObject({ status: 2, json: { ok: false, error: { code: 'invalid-input', message: expect.stringContaining('--all') } } });

    // The console offers the same operation over HTTP.
    const served = await serveConsole(dataDir);
    try {
      expect(await apiCall(served, 'verify.all', {})).toMatchObject({ status: 200, body: { ok: true, value: { intact: false, broken: 1, orphaned: 1 } } });
    } finally {
      await served.stop();
    }
  });
});
