import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseFileName } from '../../src-main/store/database';
import { runCli } from '../support/cli';
import { tempDataDir } from '../support/consoleServer';

// "Recorded on another laptop" excuses a missing scan only when every event naming it is signed by
// another device key. Which key is this laptop's is read from the same database file a tamperer
// edits, so the excuse must not hang on that setting alone.

const work = tempDataDir('firebreak-heldelsewhere-');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** A laptop's incident with a signed scan of its own, whose rows are then deleted outside Firebreak along with `alsoEdit`. */
function scanDeletedHere(name: string, alsoEdit: (db: Database.Database) => void): { dataDir: string; id: string } {
  const dataDir = path.join(work, name);
  fs.mkdirSync(dataDir, { recursive: true });
  // The vault makes the device key first, so the incident's events are this laptop's signed ones.
  expect(runCli(dataDir, ['vault', 'status']).status).toBe(0);
  const declared = runCli(dataDir, ['incident', 'declare', '--title', 'Leaked key', '--severity', 'P1', '--json']);
  expect(declared.status).toBe(0);
  const id = declared.json.value.id as string;
  const tree = path.join(work, `tree-${name}`);
  fs.mkdirSync(tree, { recursive: true });
  fs.writeFileSync(path.join(tree, 'config.env'), 'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLQ\n');
  runCli(dataDir, ['scan', 'secrets', tree, '--incident', id, '--json']);
  // An export takes the device key from the vault, which signs what was written meanwhile.
  expect(runCli(dataDir, ['incident', 'export', id, '-o', path.join(work, `${name}.json`)]).status).toBe(0);
  expect(runCli(dataDir, ['incident', 'verify', id, '--json']).json.value).toMatchObject({ verdict: 'ok', unsigned: 0 });

  const db = new Database(path.join(dataDir, databaseFileName));
  db.pragma('foreign_keys = OFF');
  const runs = db.prepare('SELECT id FROM scan_runs WHERE incident_id = ?').pluck().all(id) as string[];
  expect(runs.length).toBe(1);
  db.prepare('DELETE FROM scan_findings WHERE run_id = ?').run(runs[0]);
  db.prepare('DELETE FROM scan_runs WHERE id = ?').run(runs[0]);
  alsoEdit(db);
  db.close();
  return { dataDir, id };
}

describe('verify and scan rows this laptop made, then lost', () => {
  it('deleted together with the device key setting, they are tampering, not records held on another laptop', () => {
    const { dataDir, id } = scanDeletedHere('removed', (db) => db.prepare("DELETE FROM settings WHERE key = 'deviceKey.public'").run());
    const verified = runCli(dataDir, ['incident', 'verify', id, '--json']);
    expect(verified.json.value.warnings.join('\n')).not.toMatch(/recorded on another laptop/);
    expect(verified.json.value.verdict).toBe('tampered');
  });
});
