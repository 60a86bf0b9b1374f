import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/store/database';
import { writeTransaction } from '../../../src-main/store/transaction';
import { dispatch, errorEnvelope } from '../../../src-main/services/dispatch';
import { makeTestContext } from '../../support/serviceContext';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function sqliteError(code: string): Error {
  return Object.assign(new Error(`${code.toLowerCase()}: database is locked`), { code });
}

describe('a busy database', () => {
  it('maps every busy and locked variant to one retryable conflict that says nothing was written', () => {
    for (const code of ['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_RECOVERY', 'SQLITE_BUSY_TIMEOUT', 'SQLITE_LOCKED', 'SQLITE_LOCKED_SHAREDCACHE']) {
      expect(errorEnvelope(sqliteError(code)), code).toEqual({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/busy in another Firebreak process .*nothing was written\. Try again\./) } });
    }
    expect(errorEnvelope(sqliteError('SQLITE_CORRUPT'))).toMatchObject({ ok: false, error: { code: 'io-error' } });
    expect(errorEnvelope(sqliteError('SQLITE_LOCKEDX'))).toMatchObject({ ok: false, error: { code: 'io-error' } });
  });

  it('makes a writer wait for the lock instead of failing when another connection wrote after its read', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-busy-'));
    dirs.push(dir);
    const a = openDatabase(dir);
    const b = openDatabase(dir);
    b.pragma('busy_timeout = 200');
    // A deferred transaction that reads, then writes after another connection committed, fails at once.
    const deferred = b.transaction(() => {
      b.prepare("SELECT value FROM settings WHERE key = 'x'").get();
      a.prepare("INSERT INTO settings (key, value) VALUES ('x', '1')").run();
      b.prepare("INSERT INTO settings (key, value) VALUES ('y', '1')").run();
    });
    expect(() => deferred()).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY_SNAPSHOT' }));
    // writeTransaction holds the write lock from its first read: the other writer waits for it.
    writeTransaction(b, () => {
      b.prepare("SELECT value FROM settings WHERE key = 'x'").get();
      b.prepare("INSERT INTO settings (key, value) VALUES ('y', '2')").run();
    });
    expect(a.prepare("SELECT value FROM settings WHERE key = 'y'").pluck().get()).toBe('2');
    a.close();
    b.close();
  });

  it('answers a write that still cannot get the lock after the busy timeout with a conflict, and writes nothing', () => {
    const t = makeTestContext();
    try {
      const declared = dispatch(t.ctx, 'incident.declare', { title: 'Locked out', severity: 'P2' });
      const id = (declared as { ok: true; value: { id: string } }).value.id;
      const other = openDatabase(t.dataDir);
      other.exec('BEGIN IMMEDIATE');
      t.ctx.db.pragma('busy_timeout = 150');
      const started = Date.now();
      expect(dispatch(t.ctx, 'incident.addNote', { id, text: 'blocked' })).toEqual({ ok: false, error: { code: 'conflict', message: expect.stringContaining('nothing was written. Try again.') } });
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      other.exec('ROLLBACK');
      other.close();
      expect(dispatch(t.ctx, 'incident.addNote', { id, text: 'after' })).toMatchObject({ ok: true });
      expect(t.ctx.db.prepare("SELECT count(*) FROM events WHERE type = 'incident.noteAdded'").pluck().get()).toBe(1);
    } finally {
      t.close();
    }
  });
});
