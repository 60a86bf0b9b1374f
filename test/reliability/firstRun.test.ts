import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { latestSchemaVersion } from '../../src-main/store/database';
import { cliPath, tempDataDir } from '../support/consoleServer';
import { scaled } from '../support/torture';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function declare(dataDir: string, title: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, 'incident', 'declare', '--title', title, '--severity', 'P3', '--json'], { env: { ...process.env, FIREBREAK_DATA_DIR: dataDir } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const rounds = scaled(2, 25);
const together = 4;

describe('first runs at once', () => {
  it(`${together} processes creating one new data directory all succeed, ${rounds} time(s), with the latest schema and one device id`, async () => {
    for (let round = 0; round < rounds; round++) {
      const dataDir = path.join(tempDataDir('firebreak-first-run-'), 'data');
      dirs.push(path.dirname(dataDir));
      const runs = await Promise.all(Array.from({ length: together }, (_, index) => declare(dataDir, `first run ${index}`)));
      // The answer is in the message: a failed run says why on stdout (--json), which toMatchObject would not show.
      for (const run of runs) expect({ status: run.status, stderr: run.stderr }, run.stdout).toEqual({ status: 0, stderr: '' });

      const db = new BetterSqlite3(path.join(dataDir, 'firebreak.sqlite'), { readonly: true });
      expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
      const deviceId = db.prepare("SELECT value FROM settings WHERE key = 'deviceId'").pluck().get();
      // Every process stamped its events with the one id the database kept.
      expect(db.prepare('SELECT DISTINCT device_id FROM events').pluck().all()).toEqual([deviceId]);
      expect(db.prepare('SELECT count(*) FROM incidents').pluck().get()).toBe(together);
      db.close();
    }
  });
});
