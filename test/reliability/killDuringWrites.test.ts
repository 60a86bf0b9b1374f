import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { tempDataDir } from '../support/consoleServer';
import { scaled } from '../support/torture';
import { startWriter } from '../support/writers';

const dataDir = tempDataDir();
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const writes = scaled(1_000, 1_000);
const kills = scaled(1, 8);

describe('a writer killed with SIGKILL', () => {
  it(`loses none of its acknowledged writes, ${kills} kill(s) in ${writes} writes each, and the database opens cleanly with its chain intact`, async () => {
    const declared = runCli(dataDir, ['incident', 'declare', '--title', 'Power cut drill', '--severity', 'P2', '--json']);
    const id = declared.json.value.id as string;
    const acknowledged: string[] = [];

    for (let round = 0; round < kills; round++) {
      const writer = startWriter(dataDir, { id, count: writes, label: `round-${round}`, mode: 'mixed' });
      // A random point well inside the run, so the kill lands between and inside transactions.
      const killAfter = 20 + Math.floor(Math.random() * (writes / 2));
      await new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          if (writer.acknowledged.length >= killAfter || writer.child.exitCode !== null) {
            clearInterval(timer);
            writer.child.kill('SIGKILL');
            resolve();
          }
        }, 1);
      });
      await writer.exited;
      expect(writer.child.signalCode, writer.stderr()).toBe('SIGKILL');
      expect(writer.failures).toEqual([]);
      expect(writer.acknowledged.length).toBeLessThan(writes);
      acknowledged.push(...writer.acknowledged);
    }

    const db = new BetterSqlite3(path.join(dataDir, 'firebreak.sqlite'));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const notes = new Set(db.prepare<[string], string>("SELECT json_extract(payload, '$.text') FROM events WHERE incident_id = ? AND type IN ('incident.noteAdded', 'checklist.stepNoted')").pluck().all(id));
    const stepNotes = db.prepare<[string], string>('SELECT text FROM checklist_notes WHERE incident_id = ?').pluck().all(id);
    db.close();

    const lost = acknowledged.filter((text) => !notes.has(text));
    console.log(`kill-during-writes: ${kills} kill(s), ${acknowledged.length} acknowledged, ${notes.size} stored, ${lost.length} lost`);
    expect(lost).toEqual([]);
    // A write that was in flight at the kill may have landed, but never half: every step note has its event.
    expect(stepNotes.filter((text) => !notes.has(text))).toEqual([]);

    const verified = runCli(dataDir, ['incident', 'verify', id, '--json']);
    expect(verified.json).toMatchObject({ ok: true, value: { intact: true, firstBreak: null } });
    expect(verified.status).toBe(0);
    // The checklist notes written alongside their events agree with them, and nothing is orphaned.
    expect(runCli(dataDir, ['verify', '--all', '--json'])).toMatchObject({ status: 0, json: { ok: true, value: { intact: true, checked: 1 } } });
  });
});
