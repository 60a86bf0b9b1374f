/**
 * `quarantine add` killed with SIGKILL at random moments, the suspect file on another file system
 * (tmpfs) so the move is a copy that takes a while: afterwards every file is either at home,
 * untouched, or in quarantine with a record that says so. None is lost, none is half-copied.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { QuarantinedFile } from '../../src-main/contract';
import { runCli } from '../support/cli';
import { cliPath, tempDataDir } from '../support/consoleServer';
import { scaled } from '../support/torture';

const dataDir = tempDataDir('firebreak-quarantine-kill-');
// Another file system than the data folder's, where there is one: rename(2) fails and the move copies.
const elsewhere = fs.existsSync('/dev/shm') ? fs.mkdtempSync('/dev/shm/firebreak-suspects-') : tempDataDir('firebreak-suspects-');
afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(elsewhere, { recursive: true, force: true });
});

const rounds = scaled(12, 60);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('quarantine killed mid-move', () => {
  it(`leaves every file at home or in quarantine with its record, over ${rounds} kills`, async () => {
    const suspects: { file: string; sha: string }[] = [];
    for (let round = 0; round < rounds; round++) {
      const file = path.join(elsewhere, `suspect-${round}.bin`);
      const bytes = randomBytes(24 * 1024 * 1024);
      fs.writeFileSync(file, bytes, { mode: 0o750 });
      suspects.push({ file, sha: sha256(bytes) });
      const child = spawn(process.execPath, [cliPath, 'quarantine', 'add', file, '--json'], { env: { ...process.env, FIREBREAK_DATA_DIR: dataDir }, stdio: 'ignore' });
      // From before the intent is written to after the move is recorded (start-up takes a few hundred ms).
      const delay = 150 + Math.floor(Math.random() * 900);
      const timer = setTimeout(() => child.kill('SIGKILL'), delay);
      await new Promise((resolve) => child.once('exit', resolve));
      clearTimeout(timer);
    }

    // The next listing finishes what each kill interrupted.
    const listed = runCli(dataDir, ['quarantine', 'list', '--all', '--json']);
    expect(listed.status, listed.stderr).toBe(0);
    const records = listed.json.value.files as QuarantinedFile[];
    const outcomes = { untouched: 0, held: 0, notMoved: 0 };
    for (const { file, sha } of suspects) {
      const mine = records.filter((record) => record.originalPath === file);
      expect(mine.filter((record) => record.state === 'moving-in' || record.state === 'moving-out'), file).toEqual([]);
      const held = mine.filter((record) => record.state === 'held');
      if (fs.existsSync(file)) {
        // At home: whole, and no record claims it is in quarantine.
        expect(sha256(fs.readFileSync(file)), file).toBe(sha);
        expect(held, file).toEqual([]);
        if (mine.some((record) => record.state === 'not-moved')) outcomes.notMoved += 1;
        else outcomes.untouched += 1;
      } else {
        // Gone from home: in quarantine, whole, locked down, and recorded.
        expect(held, `${file} is neither at home nor recorded in quarantine`).toHaveLength(1);
        const stored = held[0]!.storedPath;
        expect(fs.statSync(stored).mode & 0o777).toBe(0);
        expect(sha256(fs.readFileSync(stored)), stored).toBe(sha);
        expect(fs.readdirSync(path.dirname(stored))).toEqual([path.basename(stored)]);
        outcomes.held += 1;
      }
    }
    // Every folder in quarantine belongs to a held file: no half-copied leftovers.
    const folders = fs.existsSync(path.join(dataDir, 'quarantine')) ? fs.readdirSync(path.join(dataDir, 'quarantine')) : [];
    expect(folders.sort()).toEqual(records.filter((record) => record.state === 'held').map((record) => record.id).sort());
    console.log(`quarantine-kill: ${rounds} kills: ${outcomes.untouched} before the intent, ${outcomes.notMoved} interrupted before the file left (marked not-moved), ${outcomes.held} in quarantine with their record`);
  });
});
